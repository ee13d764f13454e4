package i18n

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/assets"
	"github.com/paydesk/paydesk/domain"
)

func TestErrSpeaksTheReadersLanguage(t *testing.T) {
	overpaid := fmt.Errorf("pay: %w", domain.Fail(domain.WhyOverpaid, "INV-7", domain.NewMoney(123450, "EUR")).In(domain.ErrNotPayable))
	tests := []struct {
		lang string
		err  error
		want string
	}{
		{"en", overpaid, "Invoice INV-7 was overpaid by EUR 1,234.50: nothing is owed."},
		{"de", overpaid, "Rechnung INV-7 wurde um 1.234,50 EUR überzahlt: es ist nichts offen."},
		{"nl", overpaid, "Factuur INV-7 is met EUR 1.234,50 te veel betaald: er staat niets open."},
		{"de", domain.Fail(domain.WhyCurrency, "INV-8", "KRW"), "Mollie nimmt keine Zahlungen in KRW an (Rechnung INV-8); bitte anders einziehen."},
		{"nl", domain.Fail(domain.WhyNothingOwed, "INV-9", domain.StatusPaid), "Op factuur INV-9 staat niets open (de laatste link is betaald); er is geen link om te delen."},
		{"en", domain.ErrIntegrationOff, "The Mollie integration is off; turn it on with 'paydesk integration enable' or on the Setup screen."},
		// A cause follows the message, in words of its own.
		{"en", domain.Fail(domain.WhyNoInvoice, "INV-1").Because(&domain.GatewayError{Unreachable: true}), "Invoice INV-1 was not found: Mollie could not be reached"},
		{"en", errors.New("disk I/O error"), "disk I/O error"},
		{"en", &domain.GatewayError{Unreachable: true, Err: errors.New("connection refused")}, "Mollie could not be reached: connection refused"},
		{"en", &domain.GatewayError{HTTPStatus: 401, Title: "Unauthorized Request"}, "Mollie refused the API key (401): it is wrong or was revoked; reconnect with a valid key"},
		{"en", &domain.GatewayError{HTTPStatus: 422, Title: "Unprocessable Entity", Detail: "The amount contains an invalid value", Field: "amount.value"},
			"Mollie refused the amount (amount.value) [422 Unprocessable Entity]: The amount contains an invalid value"},
		{"de", &domain.GatewayError{HTTPStatus: 422, Title: "Unprocessable Entity", Detail: "x", Field: "locale"}, "Mollie hat das Feld locale (locale) abgelehnt [422 Unprocessable Entity]: x"},
		{"nl", &domain.GatewayError{HTTPStatus: 503, Title: "Service Unavailable"}, "Mollie weigerde het verzoek [503 Service Unavailable]"},
	}
	for _, tt := range tests {
		if got := New(tt.lang).Err(tt.err); got != tt.want {
			t.Errorf("%s %v:\n got %q\nwant %q", tt.lang, tt.err, got, tt.want)
		}
	}
	if New("en").Err(nil) != "" {
		t.Error("Err(nil) is not empty")
	}
}

// Every reason domain declares has its message in every language, and the
// message takes as many facts as the reason's comment lists.
func TestEveryReasonHasItsWords(t *testing.T) {
	reasons := declaredReasons(t)
	if len(reasons) < 10 {
		t.Fatalf("found only %d reasons in domain/errors.go", len(reasons))
	}
	for _, lang := range assets.Languages {
		msgs, err := assets.Catalog(lang)
		if err != nil {
			t.Fatal(err)
		}
		for why := range reasons {
			if _, ok := msgs["err."+why]; !ok {
				t.Errorf("%s: no message err.%s", lang, why)
			}
		}
	}
}

// declaredReasons reads the Why constants from domain's sources.
func declaredReasons(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("../domain/*.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		reasonsIn(f, out)
	}
	for why := range out {
		if strings.TrimSpace(why) == "" {
			t.Errorf("empty reason in domain")
		}
	}
	return out
}

// reasonsIn adds the values of the Why constants declared in f.
func reasonsIn(f *ast.File, out map[string]bool) {
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Values) != 1 {
			return true
		}
		if id, ok := vs.Type.(*ast.Ident); ok && id.Name == "Why" {
			if lit, ok := vs.Values[0].(*ast.BasicLit); ok {
				s, _ := strconv.Unquote(lit.Value)
				out[s] = true
			}
		}
		return true
	})
}

// Every message the importer and the import rules say, and every field
// they name, has its words in every language.
func TestEveryImportMessageHasItsWords(t *testing.T) {
	keys := keysNamed(t, `"((?:import|field)\.[a-z_.]*[a-z_])"`, "../importer", "../importcheck")
	if len(keys) < 60 {
		t.Fatalf("found only %d import messages", len(keys))
	}
	keys["import.kind.invoice"], keys["import.kind.credit_note"] = true, true
	for _, field := range []string{domain.FieldNumber, domain.FieldCustomer, domain.FieldEmail, domain.FieldCurrency, domain.FieldTotal,
		domain.FieldPaid, domain.FieldOpen, domain.FieldIssueDate, domain.FieldDueDate, domain.FieldKind, domain.FieldDiscount, "date"} {
		keys["field."+field] = true
	}
	wantWords(t, keys)
}

// keysNamed finds the catalogue keys the non-test sources of dirs name:
// the first group of pattern.
func keysNamed(t *testing.T, pattern string, dirs ...string) map[string]bool {
	t.Helper()
	said := regexp.MustCompile(pattern)
	keys := map[string]bool{}
	for _, dir := range dirs {
		files, err := filepath.Glob(dir + "/*.go")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range said.FindAllStringSubmatch(string(src), -1) {
				keys[m[1]] = true
			}
		}
	}
	return keys
}

// wantWords fails for each key a language's catalogue has no message for.
func wantWords(t *testing.T, keys map[string]bool) {
	t.Helper()
	for _, lang := range assets.Languages {
		msgs, err := assets.Catalog(lang)
		if err != nil {
			t.Fatal(err)
		}
		for k := range keys {
			if msgs[k] == "" {
				t.Errorf("%s: no message %s", lang, k)
			}
		}
	}
}

func TestImportErrorsSpeakTheReadersLanguage(t *testing.T) {
	conflict := &domain.ImportConflictError{Conflicts: []domain.ImportConflict{{Number: "INV-1", SourceFile: "march.csv", SourceLine: 3,
		Changes: []domain.Text{domain.Say("import.change.total", domain.NewMoney(10000, "EUR"), domain.NewMoney(9000, "EUR")),
			domain.Say("import.change.prepaid", domain.NewMoney(0, "EUR"), domain.NewMoney(500, "EUR"))}}}}
	invalid := domain.Fail(domain.WhyImportInvalid, "march.csv", 4, "INV-2").Because(errors.Join(
		domain.FieldError{Field: domain.FieldCurrency, Err: domain.Fail(domain.WhyCurrencyMollie, "KRW", "EUR, USD")},
		domain.FieldError{Field: domain.FieldTotal, Err: domain.Fail(domain.WhyBeyondBound, domain.NewMoney(1e15, "EUR"), domain.NewMoney(domain.MaxAmountMinor, "EUR"))}))
	_, ambiguous := domain.ParseMoney("1.234", "EUR")
	tests := []struct {
		lang string
		err  error
		want string
	}{
		{"en", conflict, "Nothing was imported: an invoice already has Mollie payments and its amounts would change\n" +
			"march.csv:3: INV-1: total EUR 100.00 → EUR 90.00; prepaid EUR 0.00 → EUR 5.00"},
		{"de", conflict, "Nichts wurde importiert: Eine Rechnung hat schon Mollie-Zahlungen, und ihre Beträge würden sich ändern\n" +
			"march.csv:3: INV-1: Summe 100,00 EUR → 90,00 EUR; vorausbezahlt 0,00 EUR → 5,00 EUR"},
		{"nl", invalid, "march.csv:4: factuur INV-2 kan niet worden geïmporteerd: Mollie neemt geen betalingen in KRW aan; het neemt EUR, USD; " +
			"EUR 10.000.000.000.000,00 is meer dan paydesk aanneemt (hoogstens EUR 100.000.000.000,00); controleer het bedrag"},
		{"en", ambiguous, `"1.234" is ambiguous: write 1234.00 or 1.234,00 (with decimals) so the separator is clear.`},
		{"de", fmt.Errorf("record: %w", ambiguous), `"1.234" ist mehrdeutig: Schreiben Sie 1234.00 oder 1.234,00 (mit Nachkommastellen), damit das Trennzeichen eindeutig ist.`},
	}
	for _, tt := range tests {
		if got := New(tt.lang).Err(tt.err); got != tt.want {
			t.Errorf("%s %v:\n got %q\nwant %q", tt.lang, tt.err, got, tt.want)
		}
	}
}

func TestLogEntriesSpeakTheReadersLanguage(t *testing.T) {
	created := domain.LogEntry{Event: domain.EventCreate,
		Says: domain.Say("log.created_until", domain.KindLink, "pl_1", domain.NewMoney(12100, "EUR"), time.Date(2027, 1, 1, 23, 59, 0, 0, time.Local))}
	failed := domain.LogEntry{Event: domain.EventSync, Says: domain.Say("log.check_failed").Because(&domain.GatewayError{HTTPStatus: 401})}
	old := domain.LogEntry{Event: domain.EventSync, Message: "status sync failed: written by an older paydesk"}
	tests := []struct {
		lang string
		e    domain.LogEntry
		want string
	}{
		{"en", created, "created link pl_1 for EUR 121.00, valid until 2027-01-01 23:59"},
		{"de", created, "Link pl_1 über 121,00 EUR angelegt, gültig bis 01.01.2027 23:59"},
		{"nl", failed, "statuscontrole mislukt: Mollie weigerde de API-sleutel (401): hij is onjuist of ingetrokken; verbind opnieuw met een geldige sleutel"},
		{"de", old, "status sync failed: written by an older paydesk"},
	}
	for _, tt := range tests {
		if got := New(tt.lang).Log(tt.e); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.lang, got, tt.want)
		}
	}
}

// Every log message domain says has its words in every language.
func TestEveryLogMessageHasItsWords(t *testing.T) {
	keys := keysNamed(t, `"(log\.[a-z_.]+)"`, "../domain")
	if len(keys) < 20 {
		t.Fatalf("found only %d log messages in domain", len(keys))
	}
	wantWords(t, keys)
}

// An object from Mollie that paydesk refuses is told in the reader's
// language, its reason and amounts included, also after the log stored it.
func TestAnomaliesSpeakTheReadersLanguage(t *testing.T) {
	eur := func(minor int64) domain.Money { return domain.NewMoney(minor, "EUR") }
	refused := domain.Anomaly("pl_x1", domain.WhyAnomalyLinkAmount, eur(1), eur(10404))
	stored, err := domain.Say("log.sync_failed").Because(refused).Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := domain.DecodeText(stored)
	if err != nil {
		t.Fatal(err)
	}
	unreadable := &domain.GatewayError{Unreadable: true, Err: domain.Anomaly("", domain.WhyAnomalyNoID, domain.Say("err."+string(domain.WhyAnomalyKindRefund)))}
	for lang, want := range map[string][]string{
		"en": {"Mollie sent pl_x1 that paydesk refuses: it asks", "where paydesk asked", "a refund has no valid id"},
		"de": {"Mollie hat pl_x1 gesendet", "paydesk hatte", "der Art Erstattung"},
		"nl": {"Mollie stuurde pl_x1", "terwijl paydesk", "het soort terugbetaling"},
	} {
		p := New(lang)
		said := p.Err(refused) + "\n" + p.Err(back.Cause) + "\n" + p.Err(unreadable)
		for _, w := range want {
			if !strings.Contains(said, w) {
				t.Errorf("%s: %q does not say %q", lang, said, w)
			}
		}
		if strings.Contains(said, "anomaly_") || strings.Contains(said, "%!") || strings.Count(said, p.Money(eur(10404))) != 2 {
			t.Errorf("%s: %q", lang, said)
		}
	}
}
