package tui

import (
	"testing"
	"time"
)

// An outcome goes away by itself; an error stays until a key is pressed,
// then fades and goes.
func TestMessagesExpire(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 80, 20)

	d.m.setFooter(footerSuccess, "Link copied")
	f.clock.Advance(footerLife - time.Second)
	d.send(tickMsg{})
	if d.footer() != "Link copied" {
		t.Fatalf("the message went before its time: %q", d.footer())
	}
	f.clock.Advance(2 * time.Second)
	d.send(tickMsg{})
	if d.footer() != "" {
		t.Fatalf("the message stayed: %q", d.footer())
	}

	d.m.setFooter(footerError, "Mollie could not be reached.\nNothing was changed.")
	f.clock.Advance(time.Hour)
	d.send(tickMsg{})
	if d.footer() == "" {
		t.Fatal("an error went away before anyone pressed a key")
	}
	d.key("j")
	if d.footer() == "" || d.m.footer.held {
		t.Fatalf("after a key press the error should fade, not vanish: %+v", d.m.footer)
	}
	f.clock.Advance(errorFade)
	d.send(tickMsg{})
	if d.footer() != "" {
		t.Fatalf("the read error stayed: %q", d.footer())
	}
	if h := d.m.footerHeight(); h != 1 {
		t.Fatalf("the footer still takes %d lines", h)
	}
}
