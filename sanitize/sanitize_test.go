package sanitize

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTerminal(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Bakkerij Müller GmbH – 1.400,00 €", "Bakkerij Müller GmbH – 1.400,00 €"},
		{"empty", "", ""},
		{"wide and emoji", "株式会社 🍞", "株式会社 🍞"},
		{"OSC 52 clipboard", "A\x1b]52;c;cm0gLXJmIH4=\x07B", "A␛]52;c;cm0gLXJmIH4=␇B"},
		{"OSC 8 hyperlink", "\x1b]8;;http://x\x1b\\hidden\x1b]8;;\x1b\\", "␛]8;;http://x␛\\hidden␛]8;;␛\\"},
		{"CSI clear screen", "\x1b[2J\x1b[H", "␛[2J␛[H"},
		{"DCS", "\x1bP1$r\x1b\\", "␛P1$r␛\\"},
		{"window title", "\x1b]0;pwned\x07", "␛]0;pwned␇"},
		{"NUL BEL BS CR", "a\x00b\x07c\x08d\re", "a␀b␇c␈d␍e"},
		{"tab and newline", "a\tb\nc", "a␉b␊c"},
		{"DEL", "a\x7fb", "a␡b"},
		{"C1 CSI", "a\u009b31mb", "a<U+009B>31mb"},
		{"C1 OSC and ST", "\u009d52;c;x\u009c", "<U+009D>52;c;x<U+009C>"},
		{"RLO", "invoice\u202Efdp.exe", "invoice<U+202E>fdp.exe"},
		{"bidi embeddings", "\u202A\u202B\u202C\u202D", "<U+202A><U+202B><U+202C><U+202D>"},
		{"bidi isolates", "\u2066\u2067\u2068\u2069", "<U+2066><U+2067><U+2068><U+2069>"},
		{"LRM RLM ALM", "\u200E\u200F\u061C", "<U+200E><U+200F><U+061C>"},
		{"zero width", "K\u200b-15\u200c\u200d\u2060", "K<U+200B>-15<U+200C><U+200D><U+2060>"},
		{"BOM and soft hyphen", "\ufeffab\u00adc", "<U+FEFF>ab<U+00AD>c"},
		{"line separators", "a\u2028b\u2029c", "a<U+2028>b<U+2029>c"},
		{"tag characters", "x\U000E0041", "x<U+E0041>"},
		{"Hangul filler", "K\u3164-15", "K<U+3164>-15"},
		{"invalid UTF-8", "a\xffb\x9b", "a<0xFF>b<0x9B>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Terminal(tt.in); got != tt.want {
				t.Errorf("Terminal(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLinesKeepsLineFeedsOnly(t *testing.T) {
	got := Lines("first\nsecond\r\n\x1b[31mthird\t")
	want := "first\nsecond␍\n␛[31mthird␉"
	if got != want {
		t.Errorf("Lines = %q, want %q", got, want)
	}
}

func TestSafeStringsAreNotCopied(t *testing.T) {
	s := "K-14 Bakkerij Müller"
	if n := testing.AllocsPerRun(100, func() { _ = Terminal(s) }); n != 0 {
		t.Errorf("Terminal allocated %v times for safe text", n)
	}
}

func TestJSON(t *testing.T) {
	in := "A\x1b]52;c;x\x07\u009b\u202E\u200b\x7f\U000E0041 Müller"
	enc, err := json.Marshal(map[string]string{"customer": in})
	if err != nil {
		t.Fatal(err)
	}
	got := JSON(enc)
	want := `{"customer":"A\u001b]52;c;x\u0007\u009b\u202e\u200b\u007f\udb40\udc41 Müller"}`
	if string(got) != want {
		t.Errorf("JSON = %s\nwant   %s", got, want)
	}
	var back map[string]string
	if err := json.Unmarshal(got, &back); err != nil || back["customer"] != in {
		t.Errorf("decoded %q (%v), want %q", back["customer"], err, in)
	}
	plain := []byte(`{"customer":"Müller"}`)
	if out := JSON(plain); &out[0] != &plain[0] {
		t.Error("safe JSON was copied")
	}
}

// checkTerminal holds what every output of Terminal must be.
func checkTerminal(t *testing.T, in, out string, keepNewlines bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("%q gave invalid UTF-8 %q", in, out)
	}
	for _, r := range out {
		if r == '\n' && keepNewlines {
			continue
		}
		if unsafe(r) {
			t.Fatalf("%q gave %q, which still holds %U", in, out, r)
		}
	}
	if strings.ContainsAny(out, "\x1b\x07\x00\u009b\u009d\u202e") {
		t.Fatalf("%q gave %q with a control left in", in, out)
	}
	if Safe(in) && out != in {
		t.Fatalf("safe %q changed to %q", in, out)
	}
	if again := clean(out, keepNewlines); again != out {
		t.Fatalf("not stable: %q then %q", out, again)
	}
}

func FuzzTerminal(f *testing.F) {
	for _, s := range []string{
		"", "plain", "A\x1b]52;c;cm0gLXJmIH4=\x07", "\x1b]8;;u\x1b\\x", "\x1b[2J", "\u202Eabc",
		"\u009b31m", "\xff\xfe", "K\u200b-15", "a\nb\tc\r", "\U000E0041", "株式会社",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkTerminal(t, s, Terminal(s), false)
		checkTerminal(t, s, Lines(s), true)
		if strings.Contains(Terminal(s), "\n") {
			t.Fatalf("Terminal(%q) kept a line feed", s)
		}
	})
}

func FuzzJSON(f *testing.F) {
	for _, s := range []string{"", "Müller", "\x1b]52;c;x\x07", "\u009b\u202e\u200b\x7f", "\U000E0041", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc, err := json.Marshal([]string{s})
		if err != nil {
			t.Fatal(err)
		}
		out := JSON(enc)
		var back, want []string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%s does not decode: %v", out, err)
		}
		_ = json.Unmarshal(enc, &want)
		if back[0] != want[0] {
			t.Fatalf("%q decodes to %q, want %q", s, back[0], want[0])
		}
		if !Safe(string(out)) {
			t.Fatalf("%q left unsafe JSON %q", s, out)
		}
	})
}
