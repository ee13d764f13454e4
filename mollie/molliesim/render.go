package molliesim

import (
	"encoding/json"
	"time"
)

const (
	halJSON  = "application/hal+json"
	textHTML = "text/html"

	docsProfile = "https://docs.mollie.com/reference/get-current-profile"
)

// stamp writes a time the way Mollie does: 2018-03-13T14:02:29+00:00.
func stamp(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05-07:00")
}

// nullStamp is null for a zero time.
func nullStamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	v := stamp(t)
	return &v
}

type paymentBody struct {
	Resource     string          `json:"resource"`
	ID           string          `json:"id"`
	Mode         string          `json:"mode"`
	CreatedAt    string          `json:"createdAt"`
	Amount       amountJSON      `json:"amount"`
	Description  string          `json:"description"`
	Method       *string         `json:"method"`
	Metadata     json.RawMessage `json:"metadata"`
	Status       string          `json:"status"`
	IsCancelable bool            `json:"isCancelable"`
	// Fields the document's payment-response declares nullable are sent as
	// null when not set, not left out.
	ExpiresAt         *string        `json:"expiresAt"`
	AuthorizedAt      *string        `json:"authorizedAt"`
	PaidAt            *string        `json:"paidAt"`
	CanceledAt        *string        `json:"canceledAt"`
	ExpiredAt         *string        `json:"expiredAt"`
	FailedAt          *string        `json:"failedAt"`
	AmountRefunded    *amountJSON    `json:"amountRefunded,omitempty"`
	AmountRemaining   *amountJSON    `json:"amountRemaining,omitempty"`
	AmountChargedBack *amountJSON    `json:"amountChargedBack,omitempty"`
	Locale            *string        `json:"locale"`
	ProfileID         string         `json:"profileId"`
	SequenceType      string         `json:"sequenceType"`
	RedirectURL       *string        `json:"redirectUrl"`
	CancelURL         *string        `json:"cancelUrl"`
	WebhookURL        *string        `json:"webhookUrl"`
	Links             map[string]ref `json:"_links"`
}

func (s *Server) paymentBody(p *payment, base string) paymentBody {
	b := paymentBody{
		Resource:     "payment",
		ID:           p.id,
		Mode:         p.mode,
		CreatedAt:    stamp(p.createdAt),
		Amount:       p.amount.json(),
		Description:  p.description,
		Metadata:     p.metadata,
		Status:       p.status,
		IsCancelable: p.cancelable(),
		AuthorizedAt: nullStamp(p.authorizedAt),
		PaidAt:       nullStamp(p.paidAt),
		CanceledAt:   nullStamp(p.canceledAt),
		ExpiredAt:    nullStamp(p.expiredAt),
		FailedAt:     nullStamp(p.failedAt),
		Locale:       nullText(p.locale),
		ProfileID:    s.profileID,
		SequenceType: "oneoff",
		RedirectURL:  nullText(p.redirectURL),
		CancelURL:    nullText(p.cancelURL),
		WebhookURL:   nullText(p.webhookURL),
		Links: map[string]ref{
			"self":      {Href: base + "/v2/payments/" + p.id, Type: halJSON},
			"dashboard": {Href: base + "/dashboard/payments/" + p.id, Type: textHTML},
		},
	}
	if p.method != "" {
		method := p.method // a copy: the body may be encoded after the lock is gone
		b.Method = &method
	}
	// Once the payment can no longer complete it has no expiry: null.
	if !p.final() {
		b.ExpiresAt = nullStamp(p.expiresAt)
	}
	if p.status == statusOpen {
		b.Links["checkout"] = ref{Href: base + "/checkout/" + p.id, Type: textHTML}
	}
	if p.status == statusPaid {
		if p.refundable() {
			refunded := money{p.amount.currency, p.refunded}.json()
			remaining := money{p.amount.currency, p.remaining()}.json()
			b.AmountRefunded, b.AmountRemaining = &refunded, &remaining
		}
		// Mollie sends amountChargedBack only when there was a chargeback
		// (https://docs.mollie.com/reference/get-payment, "amountChargedBack").
		if p.chargedBack != 0 {
			chargedBack := money{p.amount.currency, p.chargedBack}.json()
			b.AmountChargedBack = &chargedBack
		}
	}
	// A payment made under a link carries no reference to it (Mollie's
	// entity-payment-response declares none): the link's payments list is
	// the way from a link to its payments.
	return b
}

type linkBody struct {
	Resource    string `json:"resource"`
	ID          string `json:"id"`
	Mode        string `json:"mode"`
	Description string `json:"description"`
	// amount is required and null for a link whose customer enters the
	// amount; minimumAmount is sent only for such a link, when set.
	Amount        *amountJSON `json:"amount"`
	MinimumAmount *amountJSON `json:"minimumAmount,omitempty"`
	Archived      bool        `json:"archived"`
	// Both are required in Mollie's entity-payment-link-response, null
	// when not set.
	RedirectURL    *string        `json:"redirectUrl"`
	WebhookURL     *string        `json:"webhookUrl"`
	ProfileID      string         `json:"profileId"`
	CreatedAt      string         `json:"createdAt"`
	PaidAt         *string        `json:"paidAt"`
	ExpiresAt      *string        `json:"expiresAt"`
	Reusable       bool           `json:"reusable"`
	AllowedMethods []string       `json:"allowedMethods"`
	Links          map[string]ref `json:"_links"`
}

func (s *Server) linkBody(l *link, base string) linkBody {
	b := linkBody{
		Resource:       "payment-link",
		ID:             l.id,
		Mode:           l.mode,
		Description:    l.description,
		Archived:       l.archived,
		RedirectURL:    nullText(l.redirectURL),
		WebhookURL:     nullText(l.webhookURL),
		ProfileID:      s.profileID,
		CreatedAt:      stamp(l.createdAt),
		PaidAt:         nullStamp(l.paidAt),
		ExpiresAt:      nullStamp(l.expiresAt),
		Reusable:       l.reusable,
		AllowedMethods: l.allowedMethods,
		Links: map[string]ref{
			"self":        {Href: base + "/v2/payment-links/" + l.id, Type: halJSON},
			"paymentLink": {Href: base + "/pay/" + l.id, Type: textHTML},
		},
	}
	if !l.openAmount() {
		amount := l.amount.json()
		b.Amount = &amount
	} else if l.minimum.currency != "" {
		minimum := l.minimum.json()
		b.MinimumAmount = &minimum
	}
	return b
}

type profileBody struct {
	Resource         string         `json:"resource"`
	ID               string         `json:"id"`
	Mode             string         `json:"mode"`
	Name             string         `json:"name"`
	Website          string         `json:"website"`
	Email            string         `json:"email"`
	Phone            string         `json:"phone"`
	BusinessCategory string         `json:"businessCategory"`
	Status           string         `json:"status"`
	CreatedAt        string         `json:"createdAt"`
	Links            map[string]ref `json:"_links"`
}

func (s *Server) getProfile(c *call) response {
	s.mu.Lock()
	status := s.profileStatus
	s.mu.Unlock()
	return jsonResponse(200, profileBody{
		Resource:         "profile",
		ID:               s.profileID,
		Mode:             c.mode,
		Name:             "Simulated Shop",
		Website:          "https://shop.example.org",
		Email:            "info@shop.example.org",
		Phone:            "+31208202070",
		BusinessCategory: "OTHER_MERCHANDISE",
		Status:           status,
		CreatedAt:        stamp(time.Date(2021, 12, 8, 15, 42, 58, 0, time.UTC)),
		Links: map[string]ref{
			"self":          {Href: c.base + "/v2/profiles/" + s.profileID, Type: halJSON},
			"documentation": {Href: docsProfile, Type: textHTML},
		},
	})
}

// nullText is a text field Mollie sends as null when it is not set.
func nullText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
