package mollie

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// The wire types mirror Mollie's JSON loosely: unknown fields are ignored,
// null and absent are the same, and amounts and times are kept as text until
// they are parsed exactly.

// wireAmount is {"currency": "EUR", "value": "10.00"}.
type wireAmount struct {
	Currency string      `json:"currency"`
	Value    decimalText `json:"value"`
}

// decimalText is an amount's value as written. Mollie sends a string; a bare
// JSON number is taken by its digits, never through a float.
type decimalText string

func (d *decimalText) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*d = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*d = decimalText(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("amount value %.40s is neither text nor a number", b)
	}
	*d = decimalText(n)
	return nil
}

// wireTime reads Mollie's timestamps, which come with or without fractional
// seconds and with Z or an offset; null and "" are the zero time.
type wireTime struct{ time.Time }

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

func (t *wireTime) UnmarshalJSON(b []byte) error {
	t.Time = time.Time{}
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("timestamp %.40s is not text", b)
	}
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	for _, layout := range timeLayouts {
		if parsed, err := time.Parse(layout, s); err == nil {
			t.Time = parsed.UTC()
			return nil
		}
	}
	return fmt.Errorf("timestamp %q is not in a format Mollie uses", s)
}

// wireLinks is a HAL _links object; entries may be null.
type wireLinks map[string]*struct {
	Href string `json:"href"`
}

func (l wireLinks) href(name string) string {
	if e := l[name]; e != nil {
		return e.Href
	}
	return ""
}

// wirePage is one page of a list; the items stay raw so that one odd object
// spoils only itself, not the page.
type wirePage struct {
	Embedded map[string][]json.RawMessage `json:"_embedded"`
	Links    wireLinks                    `json:"_links"`
}

// items returns the list under key. Mollie names lists after the resource
// (payments, payment_links); a page with one list under another name is
// still read.
func (p wirePage) items(key string) []json.RawMessage {
	if items, ok := p.Embedded[key]; ok {
		return items
	}
	if len(p.Embedded) == 1 {
		for _, items := range p.Embedded {
			return items
		}
	}
	return nil
}

type wireProfile struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Website string `json:"website"`
	Status  string `json:"status"`
}

type wirePaymentLink struct {
	ID          string      `json:"id"`
	Mode        string      `json:"mode"`
	Description string      `json:"description"`
	Amount      *wireAmount `json:"amount"`
	// MinimumAmount is set only on a link without an amount.
	MinimumAmount *wireAmount `json:"minimumAmount"`
	Archived      bool        `json:"archived"`
	Reusable      bool        `json:"reusable"`
	CreatedAt     wireTime    `json:"createdAt"`
	PaidAt        wireTime    `json:"paidAt"`
	ExpiresAt     wireTime    `json:"expiresAt"`
	Links         wireLinks   `json:"_links"`
}

type wirePayment struct {
	ID          string          `json:"id"`
	Mode        string          `json:"mode"`
	Status      string          `json:"status"`
	Description string          `json:"description"`
	Method      string          `json:"method"`
	Amount      *wireAmount     `json:"amount"`
	Metadata    json.RawMessage `json:"metadata"`
	CreatedAt   wireTime        `json:"createdAt"`
	ExpiresAt   wireTime        `json:"expiresAt"`
	PaidAt      wireTime        `json:"paidAt"`
	CanceledAt  wireTime        `json:"canceledAt"`
	ExpiredAt   wireTime        `json:"expiredAt"`
	FailedAt    wireTime        `json:"failedAt"`
	// Of these two only whether they are there is read (see decodePayment);
	// what was given back comes from the refunds and chargebacks. Raw, so
	// that a null (which the document does not allow) is not taken for
	// absent.
	AmountRefunded    json.RawMessage `json:"amountRefunded"`
	AmountChargedBack json.RawMessage `json:"amountChargedBack"`
	Links             wireLinks       `json:"_links"`
}

// wireReversal is what a refund and a chargeback share.
type wireReversal struct {
	ID        string      `json:"id"`
	PaymentID string      `json:"paymentId"`
	Amount    *wireAmount `json:"amount"`
	CreatedAt wireTime    `json:"createdAt"`
}

// wireRefund is a refund (entity-refund in Mollie's document).
type wireRefund struct {
	wireReversal
	Status string `json:"status"`
}

// wireChargeback is a chargeback (entity-chargeback in Mollie's document).
type wireChargeback struct {
	wireReversal
	ReversedAt wireTime `json:"reversedAt"`
}

// amountBody is an amount as Mollie wants it in a request.
type amountBody struct {
	Currency string `json:"currency"`
	Value    string `json:"value"`
}

func amountOf(m domain.Money) amountBody {
	return amountBody{Currency: m.Currency, Value: m.Value()}
}
