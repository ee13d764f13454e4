package sanitize

import (
	"unicode/utf8"
)

// JSON escapes, in encoded JSON, the characters encoding/json leaves raw but
// a terminal would act on (DEL, C1 controls, line separators, bidi and other
// format characters), so a script that prints the JSON stays safe. The
// result decodes to exactly the same values: outside strings JSON contains
// only ASCII, so every such character is inside a string, where \uXXXX means
// the same character. Invalid UTF-8 is left to the encoder, which already
// replaced it.
func JSON(b []byte) []byte {
	if jsonSafe(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError && r >= 0x20 && unsafe(r) {
			out = appendEscape(out, r)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

func jsonSafe(b []byte) bool {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError && r >= 0x20 && unsafe(r) {
			return false
		}
		i += size
	}
	return true
}

func appendEscape(out []byte, r rune) []byte {
	if r > 0xffff { // outside the BMP: a surrogate pair, as JSON requires
		r -= 0x10000
		out = appendU(out, 0xd800+(r>>10))
		return appendU(out, 0xdc00+(r&0x3ff))
	}
	return appendU(out, r)
}

func appendU(out []byte, r rune) []byte {
	return append(out, "\\u"+lowerHex4(r)...)
}

func lowerHex4(r rune) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[r>>12&0xf], digits[r>>8&0xf], digits[r>>4&0xf], digits[r&0xf]})
}
