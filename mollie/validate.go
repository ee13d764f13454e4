package mollie

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/paydesk/paydesk/domain"
)

var idBody = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// checkID refuses what cannot be an id of the kind before it becomes part of
// a URL path. Such an id names nothing, hence ErrNotFound. The id itself is
// not repeated: whatever was passed by mistake might be a secret.
func checkID(id, prefix, what string) error {
	rest, ok := strings.CutPrefix(id, prefix)
	if !ok || !idBody.MatchString(rest) {
		return fmt.Errorf("mollie: not a %s id (%s followed by letters and digits): %w", what, prefix, domain.ErrNotFound)
	}
	return nil
}

// checkAmount refuses locally what Mollie would refuse anyway.
func checkAmount(m domain.Money) error {
	switch {
	case !domain.MollieSupports(m.Currency):
		return fmt.Errorf("mollie: Mollie does not take payments in %q", m.Currency)
	case !m.IsPositive():
		return fmt.Errorf("mollie: the amount must be positive, not %s", m)
	}
	return nil
}
