package integration

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// A flood of webhooks for made-up ids leaves a few warnings and one row
// that counts the rest, not one row each.
func TestUnknownWebhooksAreRateLimited(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	for i := 0; i < 500; i++ {
		if err := svc.HandleWebhook(e.ctx, fmt.Sprintf("tr_unknown%05d", i), ""); err != nil {
			t.Fatal(err)
		}
	}
	e.clock.Advance(time.Minute)
	if err := svc.HandleWebhook(e.ctx, "tr_unknownlast", ""); err != nil {
		t.Fatal(err)
	}
	entries := e.logs(svc, "")
	warnings := 0
	for _, le := range entries {
		if le.Event == domain.EventWebhook && le.Level == domain.LevelWarn {
			warnings++
		}
	}
	if warnings != 12 {
		t.Errorf("%d warning rows for 501 unknown webhooks, want 10, one summary and 1:%s", warnings, dumpLog(entries))
	}
	if le, ok := findLog(entries, domain.EventWebhook, "490 more webhooks"); !ok || !strings.Contains(english.Log(le), "not logged one by one") {
		t.Errorf("no summary row:%s", dumpLog(entries))
	}
}
