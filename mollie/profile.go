package mollie

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/paydesk/paydesk/domain"
)

// Profile fetches the profile the key belongs to. It changes nothing at
// Mollie, which makes it the way to check a key before storing it.
func (c *Client) Profile(ctx context.Context) (domain.Profile, error) {
	var raw json.RawMessage
	if err := c.call(ctx, http.MethodGet, c.endpoint("/v2/profiles/me", nil), nil, "", &raw); err != nil {
		return domain.Profile{}, err
	}
	return c.decodeProfile(raw)
}
