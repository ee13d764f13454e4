package domain

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestErrorKeepsItsClassAndCause(t *testing.T) {
	cause := &GatewayError{HTTPStatus: 503, Title: "Service Unavailable", Retryable: true}
	err := fmt.Errorf("pay: %w", Fail(WhyCheckoutOpen, "INV-1", NewMoney(1250, "EUR")).In(ErrNotPayable).Because(cause))
	var de *Error
	if !errors.As(err, &de) || de.Why != WhyCheckoutOpen || de.Facts[0] != "INV-1" {
		t.Fatalf("errors.As found %#v", de)
	}
	if !errors.Is(err, ErrNotPayable) || errors.Is(err, ErrNotFound) || HTTPStatusOf(err) != 503 {
		t.Errorf("class or cause lost: Is(ErrNotPayable) %v, Is(ErrNotFound) %v, status %d",
			errors.Is(err, ErrNotPayable), errors.Is(err, ErrNotFound), HTTPStatusOf(err))
	}
	if got, want := de.Error(), "checkout_open [INV-1, EUR 12.50]: mollie 503 Service Unavailable"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestGatewayErrorIsTechnical(t *testing.T) {
	tests := []struct {
		err  *GatewayError
		want string
	}{
		{&GatewayError{Unreachable: true, Err: errors.New("connection refused")}, "mollie unreachable: connection refused"},
		{&GatewayError{Unreachable: true}, "mollie unreachable"},
		{&GatewayError{HTTPStatus: 422, Title: "Unprocessable Entity", Detail: "bad", Field: "amount.value"}, "mollie 422 Unprocessable Entity (amount.value): bad"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestGatewayErrorInspection(t *testing.T) {
	notFound := fmt.Errorf("check pl_x: %w", &GatewayError{HTTPStatus: 404, Title: "Not Found", Err: ErrNotFound})
	if !errors.Is(notFound, ErrNotFound) || HTTPStatusOf(notFound) != 404 || Unauthorized(notFound) {
		t.Errorf("a wrapped 404: Is(ErrNotFound) %v, status %d", errors.Is(notFound, ErrNotFound), HTTPStatusOf(notFound))
	}
	revoked := fmt.Errorf("connect: %w", &GatewayError{HTTPStatus: 401})
	if !Unauthorized(revoked) || HTTPStatusOf(revoked) != 401 {
		t.Error("a wrapped 401 is not recognised")
	}
	if HTTPStatusOf(errors.New("plain")) != 0 || Unauthorized(nil) || HTTPStatusOf(nil) != 0 {
		t.Error("errors without a status")
	}
	if errorLevel(&GatewayError{HTTPStatus: 429, Retryable: true}) != LevelWarn || errorLevel(&GatewayError{HTTPStatus: 422}) != LevelError ||
		errorLevel(errors.New("x")) != LevelError {
		t.Error("errorLevel picks the wrong level")
	}
}

func TestImportConflictError(t *testing.T) {
	err := error(&ImportConflictError{Conflicts: []ImportConflict{
		{Number: "INV-1", SourceFile: "march.csv", SourceLine: 3, Changes: []Text{Say("import.change.total", NewMoney(10000, "EUR"), NewMoney(9000, "EUR"))}},
		{Number: "INV-2", SourceFile: "march.csv", SourceLine: 4, Changes: []Text{Say("import.change.currency", "EUR", "USD")}},
	}})
	if !errors.Is(err, ErrConflict) {
		t.Error("ImportConflictError is not an ErrConflict")
	}
	want := "import_conflict [2]\nmarch.csv:3: INV-1: import.change.total [EUR 100.00, EUR 90.00]\n" +
		"march.csv:4: INV-2: import.change.currency [EUR, USD]"
	if err.Error() != want {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestMaskKeyAndKeyMode(t *testing.T) {
	tests := []struct {
		key, masked string
		mode        Mode
	}{
		{"test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM", "test_…lXsM", ModeTest},
		{"live_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xYz", "live_…1xYz", ModeLive},
		{"test_short", "test_…", ModeTest},
		{"", "…", ModeTest},
		{"sk_live_1234567890abcdef", "…cdef", ModeTest},
		{"test_ääääääääääääääää", "test_…", ModeTest},
		{"live_", "live_…", ModeLive},
	}
	for _, tt := range tests {
		got := MaskKey(tt.key)
		if got != tt.masked {
			t.Errorf("MaskKey(%q) = %q, want %q", tt.key, got, tt.masked)
		}
		if KeyMode(tt.key) != tt.mode {
			t.Errorf("KeyMode(%q) = %s, want %s", tt.key, KeyMode(tt.key), tt.mode)
		}
	}
}

func TestProfileEncoding(t *testing.T) {
	p := Profile{ID: "pfl_QkEhN94Ba", Name: "Acme\tB.V.", Website: "https://acme.example", Status: "verified"}
	got := decodeProfile(encodeProfile(p))
	if got.ID != p.ID || got.Name != "Acme B.V." || got.Website != p.Website || got.Status != p.Status {
		t.Errorf("profile round trip: %+v", got)
	}
	if got := decodeProfile(""); got != (Profile{}) {
		t.Errorf("empty profile: %+v", got)
	}
}

func TestNewIdempotencyKey(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		k := NewIdempotencyKey()
		if len(k) != 36 || k[14] != '4' || !strings.ContainsRune("89ab", rune(k[19])) || strings.Count(k, "-") != 4 {
			t.Fatalf("%q is not a UUID v4", k)
		}
		if seen[k] {
			t.Fatalf("%q repeated", k)
		}
		seen[k] = true
	}
}

// reasonIs reports whether err is a domain Error for why whose facts
// begin with the given ones.
func reasonIs(err error, why Why, facts ...any) bool {
	var de *Error
	if !errors.As(err, &de) || de.Why != why || len(de.Facts) < len(facts) {
		return false
	}
	for i, f := range facts {
		if de.Facts[i] != f {
			return false
		}
	}
	return true
}
