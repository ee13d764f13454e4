package integration

import (
	"errors"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// A role is enforced by the Service itself, whatever front end asks: a viewer
// cannot request a link or record money, a bookkeeper cannot touch settings,
// and every refusal names the person in the log without calling Mollie.
func TestRolesAreRefusedInTheService(t *testing.T) {
	e := newEnv(t, envOptions{})
	admin := e.connected("anna")
	e.importInvoices(admin, invoice("INV-1", 10000))
	viewer := admin.As("vera (SHA256:v)", domain.RoleViewer)
	keeper := admin.As("bert (SHA256:b)", domain.RoleBookkeeper)

	refusals := []struct {
		name   string
		action domain.Action
		err    error
	}{
		{"viewer pays", domain.ActionPay, errOnly(viewer.CreatePayment(e.ctx, "INV-1", domain.KindLink))},
		{"viewer records", domain.ActionRecord, errOnly(viewer.RecordPayment(e.ctx, "INV-1", eur(100), "cash"))},
		{"viewer imports", domain.ActionImport, errOnly(viewer.Import(e.ctx, []domain.Invoice{invoice("INV-2", 500)}))},
		{"viewer prepares an e-mail", domain.ActionMail, errOnly(viewer.PrepareMail(e.ctx, "INV-1", "", domain.MailInvoice))},
		{"viewer checks the mail server", domain.ActionMail, errOnly(viewer.CheckMail(e.ctx))},
		{"viewer's key caught by the interface", domain.ActionRecord, viewer.Allow(e.ctx, domain.ActionRecord, "INV-1")},
		{"bookkeeper changes a setting", domain.ActionSettings, keeper.SetSetting(e.ctx, domain.SettingPaymentKind, "checkout")},
		{"bookkeeper disconnects", domain.ActionConnect, keeper.Disconnect(e.ctx)},
		{"bookkeeper switches the integration", domain.ActionConnect, keeper.SetIntegration(e.ctx, false)},
	}
	for _, r := range refusals {
		var de *domain.Error
		if !errors.Is(r.err, domain.ErrNotAllowed) || !errors.As(r.err, &de) || de.Why != domain.WhyRole || de.Facts[0] != r.action {
			t.Errorf("%s: got %v, want a refusal of %s", r.name, r.err, r.action)
		}
	}
	if n := e.sim.Counters()["POST /v2/payment-links"]; n != 0 {
		t.Fatalf("%d links created at Mollie by refused requests", n)
	}
	if inv := e.invoiceOf(admin, "INV-1"); inv.Outstanding(domain.ModeTest) != eur(10000) {
		t.Errorf("a refused recording changed what is owed: %v", inv.Outstanding(domain.ModeTest))
	}
	if le, ok := findLog(e.logs(admin, "INV-1"), domain.EventRefused, "Requesting payment links"); !ok || le.Actor != "vera (SHA256:v)" {
		t.Errorf("no refusal row naming the viewer:%s", dumpLog(e.logs(admin, "INV-1")))
	}

	if le, ok := findLog(e.logs(admin, "INV-1"), domain.EventRefused, "Recording payments"); !ok || le.Actor != "vera (SHA256:v)" {
		t.Errorf("no refusal row naming the viewer for the refused recording:%s", dumpLog(e.logs(admin, "INV-1")))
	}
	if err := keeper.Allow(e.ctx, domain.ActionPay, "INV-1"); err != nil {
		t.Errorf("a bookkeeper may request links, but Allow says %v", err)
	}

	// What the role allows still works, and the log names who did it.
	res := e.create(keeper, "INV-1")
	if le, ok := findLog(e.logs(admin, "INV-1"), domain.EventCreate, res.Payment.MollieID); !ok || le.Actor != "bert (SHA256:b)" {
		t.Errorf("the create row does not name the bookkeeper:%s", dumpLog(e.logs(admin, "INV-1")))
	}
	if _, err := viewer.CopyLink(e.ctx, "INV-1"); err != nil {
		t.Errorf("a viewer may copy links: %v", err)
	}
}

func errOnly[T any](_ T, err error) error { return err }
