package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

var (
	// ErrNotFound: no such invoice, payment or object.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the change collides with what is stored.
	ErrConflict = errors.New("conflict")
	// ErrIntegrationOff: the Mollie integration is switched off.
	ErrIntegrationOff = errors.New("the Mollie integration is off; turn it on with 'paydesk integration enable'")
	// ErrNotConnected: no API key is stored or given.
	ErrNotConnected = errors.New("paydesk is not connected to Mollie; connect with 'paydesk connect --api-key-stdin'")
	// ErrNotPayable: the invoice cannot be paid through Mollie (the message says why).
	ErrNotPayable = errors.New("not payable")
	// ErrOverpayment: a manual payment would pay more than is owed and was
	// not confirmed as such.
	ErrOverpayment = errors.New("more than is owed")
)

// ImportConflictError lists invoices whose amounts an import would change
// although Mollie payments exist for them.
type ImportConflictError struct {
	Conflicts []ImportConflict
}

// ImportConflict is one refused update.
type ImportConflict struct {
	Number     string
	SourceFile string
	SourceLine int
	Reason     string
}

func (e *ImportConflictError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "import refused: %d invoice(s) already have Mollie payments and their amounts would change", len(e.Conflicts))
	for _, c := range e.Conflicts {
		fmt.Fprintf(&b, "\n%s:%d: %s: %s", c.SourceFile, c.SourceLine, c.Number, c.Reason)
	}
	return b.String()
}

func (e *ImportConflictError) Unwrap() error { return ErrConflict }

// GatewayError is what a Gateway returns when Mollie answered with an error.
// Its message is written for the bookkeeper and never holds the API key.
type GatewayError struct {
	HTTPStatus int
	Title      string
	Detail     string
	Field      string
	// Retryable: a later identical call may succeed (429, 5xx, network).
	Retryable bool
	// Unreachable: Mollie could not be reached at all (no answer).
	Unreachable bool
	// Unreadable: Mollie answered with success, but the answer could not be
	// read or did not hold a usable object.
	Unreadable bool
	Err        error
}

// MayHaveSucceeded reports whether the request may have taken effect at
// Mollie although paydesk got no usable answer: no answer at all, a server
// error (Mollie may fail after it acted), or a success answer that could not
// be read. Only a definite refusal means nothing was done.
func (e *GatewayError) MayHaveSucceeded() bool {
	return e.Unreachable || e.Unreadable || e.HTTPStatus >= 500
}

// OutcomeUnknown reports whether err leaves open whether Mollie acted on the
// request: a GatewayError that may have succeeded, or a call given up on.
func OutcomeUnknown(err error) bool {
	var ge *GatewayError
	if errors.As(err, &ge) {
		return ge.MayHaveSucceeded()
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func (e *GatewayError) Error() string {
	switch {
	case e.Unreachable:
		msg := "Mollie could not be reached"
		if e.Err != nil {
			msg += ": " + e.Err.Error()
		}
		return msg
	case e.Unreadable:
		msg := "Mollie's answer could not be read"
		if e.Err != nil {
			msg += ": " + e.Err.Error()
		}
		return msg
	case e.HTTPStatus == 401:
		return "Mollie refused the API key (401): it is wrong or was revoked; reconnect with a valid key"
	}
	what := "the request"
	if e.Field != "" {
		what = fieldNoun(e.Field) + " (" + e.Field + ")"
	}
	msg := fmt.Sprintf("Mollie refused %s", what)
	if e.HTTPStatus != 0 {
		msg += fmt.Sprintf(" [%d %s]", e.HTTPStatus, e.Title)
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

func (e *GatewayError) Unwrap() error { return e.Err }

func fieldNoun(field string) string {
	head, _, _ := strings.Cut(field, ".")
	switch head {
	case "amount":
		return "the amount"
	case "webhookUrl":
		return "the webhook URL"
	case "redirectUrl":
		return "the return URL"
	case "description":
		return "the description"
	case "expiresAt":
		return "the expiry date"
	}
	return "the field " + head
}

// Unauthorized reports whether err is Mollie refusing the API key.
func Unauthorized(err error) bool {
	var ge *GatewayError
	return errors.As(err, &ge) && ge.HTTPStatus == 401
}

// HTTPStatusOf returns the HTTP status behind err, or 0.
func HTTPStatusOf(err error) int {
	var ge *GatewayError
	if errors.As(err, &ge) {
		return ge.HTTPStatus
	}
	return 0
}
