package domain

import (
	"errors"
	"reflect"
	"testing"
)

func TestRoleMay(t *testing.T) {
	actions := []Action{ActionPay, ActionRecord, ActionImport, ActionMail, ActionConnect, ActionSettings}
	want := map[Role][]bool{
		RoleViewer:     {false, false, false, false, false, false},
		RoleBookkeeper: {true, true, true, true, false, false},
		RoleAdmin:      {true, true, true, true, true, true},
		Role("none"):   {false, false, false, false, false, false},
	}
	for role, may := range want {
		for i, a := range actions {
			if got := role.May(a); got != may[i] {
				t.Errorf("%s may %s: %v, want %v", role, a, got, may[i])
			}
		}
	}
}

func TestParseRole(t *testing.T) {
	for _, s := range []string{"viewer", "bookkeeper", "admin"} {
		if r, ok := ParseRole(s); !ok || string(r) != s {
			t.Errorf("ParseRole(%q) = %q, %v", s, r, ok)
		}
	}
	for _, s := range []string{"", "Admin", "root", "none"} {
		if _, ok := ParseRole(s); ok {
			t.Errorf("ParseRole(%q) accepted", s)
		}
	}
}

func TestRefusalSaysWhatIsNeeded(t *testing.T) {
	err := Refusal("vera", RoleViewer, ActionPay)
	if !errors.Is(err, ErrNotAllowed) || err.Why != WhyRole {
		t.Fatalf("refusal %v is not in ErrNotAllowed", err)
	}
	if want := []any{ActionPay, RoleBookkeeper, "vera", RoleViewer}; !reflect.DeepEqual(err.Facts, want) {
		t.Errorf("facts %v, want %v", err.Facts, want)
	}
}

func TestLocalServiceHasEveryRight(t *testing.T) {
	if r := NewService(ServiceConfig{}).Role(); r != RoleAdmin {
		t.Errorf("a Service without a role has %q", r)
	}
	if r := NewService(ServiceConfig{}).As("x", "").Role(); r.May(ActionPay) {
		t.Errorf("As without a role grants %q", r)
	}
}
