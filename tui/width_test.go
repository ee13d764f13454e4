package tui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestCellWidthAgreesWithAnsi(t *testing.T) {
	cases := []string{
		"", "INV-2026-001", "Café Zonneveld", "Dr. Müller GmbH", "Łódź Sp. z o.o.", "Ωmega ΑΒΓ", "Москва",
		"12.000,00 €", "▸ ✓ ✗ • … – → ← ↑ ↓ ╭─╮│╰╯", "\x1b[1;38;2;255;0;0mred\x1b[m plain",
		"\x1b]8;;https://example.com\x07link\x1b]8;;\x07", "東京株式会社", "e\u0301cole", "👩‍💻 dev", "tab\there",
		"ǅ ſ ŉ ß", "\x1b[4mu\x1b[m\x1b[4m \x1b[m",
	}
	for r := rune(0xa0); r < 0x300; r++ {
		cases = append(cases, "a"+string(r)+"b")
	}
	for _, lo := range [][2]rune{{0x370, 0x483}, {0x2010, 0x2028}, {0x2190, 0x2200}, {0x2500, 0x2600}} {
		for r := lo[0]; r < lo[1]; r++ {
			cases = append(cases, string(r))
		}
	}
	for _, s := range cases {
		if got, want := cellWidth(s), ansi.StringWidth(s); got != want {
			t.Errorf("cellWidth(%q) = %d, ansi.StringWidth says %d", s, got, want)
		}
	}
}

func TestTruncateAgreesWithAnsi(t *testing.T) {
	cases := []string{"", "abc", "Jachthaven Noord", "Café Zonneveld", "東京株式会社", "\x1b[1mbold text\x1b[m", "e\u0301cole élève", "ab"}
	for _, s := range cases {
		for w := 0; w <= 18; w++ {
			for _, tail := range []string{"", "…"} {
				if got, want := truncate(s, w, tail), ansi.Truncate(s, w, tail); got != want {
					t.Errorf("truncate(%q, %d, %q) = %q, ansi.Truncate gives %q", s, w, tail, got, want)
				}
			}
		}
	}
}
