package termcolor

import (
	"bytes"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

func TestDecide(t *testing.T) {
	cases := []struct {
		choice  string
		environ []string
		want    Mode
	}{
		{"", nil, Auto},
		{"auto", []string{"TERM=xterm-256color"}, Auto},
		{"", []string{"NO_COLOR=1"}, Never},
		{"", []string{"NO_COLOR=0"}, Never}, // any non-empty value, as no-color.org says
		{"auto", []string{"NO_COLOR=yes"}, Never},
		{"", []string{"NO_COLOR="}, Auto},
		{"", []string{"NO_COLOR=1", "NO_COLOR="}, Auto}, // the last assignment counts
		{"always", []string{"NO_COLOR=1"}, Always},      // an explicit choice wins
		{"ALWAYS", nil, Always},
		{" never ", nil, Never},
		{"never", []string{"COLORTERM=truecolor"}, Never},
	}
	for _, c := range cases {
		got, err := Decide(c.choice, c.environ)
		if err != nil || got != c.want {
			t.Errorf("Decide(%q, %q) = %q, %v; want %q", c.choice, c.environ, got, err, c.want)
		}
	}
	if _, err := Decide("sometimes", nil); err == nil {
		t.Error("Decide accepted sometimes")
	}
}

func TestProfiles(t *testing.T) {
	truecolor := []string{"TERM=xterm-256color", "COLORTERM=truecolor"}
	dumb := []string{"TERM=dumb"}
	noColor := []string{"TERM=xterm-256color", "COLORTERM=truecolor", "NO_COLOR=1"}
	var pipe bytes.Buffer // not a terminal
	cases := []struct {
		name    string
		mode    Mode
		environ []string
		stream  colorprofile.Profile
		screen  colorprofile.Profile
		forced  bool
		plain   bool
	}{
		{"never", Never, truecolor, colorprofile.NoTTY, colorprofile.ASCII, true, true},
		{"always on true colour", Always, truecolor, colorprofile.TrueColor, colorprofile.TrueColor, true, false},
		{"always on a dumb terminal", Always, dumb, colorprofile.ANSI, colorprofile.ANSI256, true, false},
		{"always despite NO_COLOR", Always, noColor, colorprofile.TrueColor, colorprofile.TrueColor, true, false},
		{"auto into a pipe", Auto, truecolor, colorprofile.NoTTY, 0, false, false},
		{"auto with NO_COLOR", Auto, noColor, colorprofile.NoTTY, colorprofile.ASCII, true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.mode.Stream(&pipe, c.environ); got != c.stream {
				t.Errorf("Stream = %v, want %v", got, c.stream)
			}
			got, forced := c.mode.Screen(c.environ)
			if forced != c.forced || (forced && got != c.screen) {
				t.Errorf("Screen = %v, %v; want %v, %v", got, forced, c.screen, c.forced)
			}
			if p := c.mode.Plain(c.environ); p != c.plain {
				t.Errorf("Plain = %v, want %v", p, c.plain)
			}
		})
	}
}
