package domain

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Text is something paydesk tells a person, not yet in words: the catalogue
// message Key filled with Facts, in order. Log entries carry one, so each
// reader sees the log in their own language; it is stored as JSON with the
// type of every fact, so amounts, dates and statuses are formatted when read.
type Text struct {
	Key   string
	Facts []any // Money, Status, Mode, PaymentKind, time.Time, string, int, error, Text
	Cause error // told after the message, as errors are
}

// Say makes a Text.
func Say(key string, facts ...any) Text { return Text{Key: key, Facts: facts} }

// Because adds the cause, told after the message.
func (t Text) Because(err error) Text { t.Cause = err; return t }

// String is the technical form: the key and its facts, for search and debugging.
func (t Text) String() string {
	if t.Key == "" {
		return ""
	}
	parts := make([]string, len(t.Facts))
	for i, f := range t.Facts {
		parts[i] = fmt.Sprint(f)
	}
	out := t.Key
	if len(parts) > 0 {
		out += " [" + strings.Join(parts, ", ") + "]"
	}
	if t.Cause != nil {
		out += ": " + t.Cause.Error()
	}
	return out
}

// wireFact is one fact as stored: exactly one field is set.
type wireFact struct {
	Money   *Money         `json:"money,omitempty"`
	Status  *Status        `json:"status,omitempty"`
	Mode    *Mode          `json:"mode,omitempty"`
	Kind    *PaymentKind   `json:"kind,omitempty"`
	Method  *PaymentMethod `json:"method,omitempty"`
	Time    *time.Time     `json:"time,omitempty"`
	Text    *string        `json:"text,omitempty"`
	Int     *int           `json:"int,omitempty"`
	Error   *wireError     `json:"error,omitempty"`
	Gateway *GatewayError  `json:"gateway,omitempty"`
	Say     *wireText      `json:"say,omitempty"`
}

// wireText is a Text as stored.
type wireText struct {
	Key   string     `json:"key"`
	Facts []wireFact `json:"facts,omitempty"`
	Cause *wireFact  `json:"cause,omitempty"`
}

// wireError is a domain Error, or an AnomalyError, as stored; other errors
// keep their text.
type wireError struct {
	Why   Why        `json:"why"`
	Facts []wireFact `json:"facts,omitempty"`
	Cause *wireFact  `json:"cause,omitempty"`
	// Anomaly marks an object from Mollie refused, MollieID its id.
	Anomaly  bool   `json:"anomaly,omitempty"`
	MollieID string `json:"mollieId,omitempty"`
}

// Encode writes the Text for storage; the zero Text is "".
func (t Text) Encode() (string, error) {
	if t.Key == "" {
		return "", nil
	}
	w, err := encodeText(t)
	if err != nil {
		return "", fmt.Errorf("text %s: %w", t.Key, err)
	}
	b, err := json.Marshal(w)
	return string(b), err
}

// DecodeText reads what Encode wrote; "" is the zero Text.
func DecodeText(s string) (Text, error) {
	if s == "" {
		return Text{}, nil
	}
	var w wireText
	if err := json.Unmarshal([]byte(s), &w); err != nil {
		return Text{}, fmt.Errorf("stored text: %w", err)
	}
	return decodeText(w), nil
}

func encodeText(t Text) (*wireText, error) {
	facts, err := encodeFacts(t.Facts)
	if err != nil {
		return nil, err
	}
	w := &wireText{Key: t.Key, Facts: facts}
	if t.Cause != nil {
		cause, err := encodeError(t.Cause)
		if err != nil {
			return nil, err
		}
		w.Cause = &cause
	}
	return w, nil
}

func decodeText(w wireText) Text {
	t := Text{Key: w.Key, Facts: decodeFacts(w.Facts)}
	if w.Cause != nil {
		t.Cause = decodeCause(*w.Cause)
	}
	return t
}

// decodeCause turns a stored cause back into an error.
func decodeCause(w wireFact) error {
	if err, ok := decodeFact(w).(error); ok {
		return err
	}
	return errors.New(fmt.Sprint(decodeFact(w)))
}

func encodeFacts(facts []any) ([]wireFact, error) {
	out := make([]wireFact, len(facts))
	for i, f := range facts {
		w, err := encodeFact(f)
		if err != nil {
			return nil, err
		}
		out[i] = w
	}
	return out, nil
}

func encodeFact(f any) (wireFact, error) {
	switch v := f.(type) {
	case Money:
		return wireFact{Money: &v}, nil
	case Status:
		return wireFact{Status: &v}, nil
	case Mode:
		return wireFact{Mode: &v}, nil
	case PaymentKind:
		return wireFact{Kind: &v}, nil
	case PaymentMethod:
		return wireFact{Method: &v}, nil
	case time.Time:
		return wireFact{Time: &v}, nil
	case string:
		return wireFact{Text: &v}, nil
	case int:
		return wireFact{Int: &v}, nil
	case error:
		return encodeError(v)
	case Text:
		w, err := encodeText(v)
		return wireFact{Say: w}, err
	}
	return wireFact{}, fmt.Errorf("store a fact of type %T: %w", f, errors.ErrUnsupported)
}

func encodeError(err error) (wireFact, error) {
	// An anomaly first: Mollie's answer that held it is unreadable only
	// because of it, and its reason is what a person needs.
	var ae *AnomalyError
	if errors.As(err, &ae) {
		facts, ferr := encodeFacts(ae.Facts)
		if ferr != nil {
			return wireFact{}, ferr
		}
		return wireFact{Error: &wireError{Why: ae.Why, Facts: facts, Anomaly: true, MollieID: ae.MollieID}}, nil
	}
	var de *Error
	if errors.As(err, &de) {
		facts, ferr := encodeFacts(de.Facts)
		if ferr != nil {
			return wireFact{}, ferr
		}
		w := &wireError{Why: de.Why, Facts: facts}
		if de.Err != nil {
			cause, err := encodeError(de.Err)
			if err != nil {
				return wireFact{}, err
			}
			w.Cause = &cause
		}
		return wireFact{Error: w}, nil
	}
	var ge *GatewayError
	if errors.As(err, &ge) {
		stored := *ge
		stored.Err = nil // its text goes into Detail below when there is no other
		if ge.Err != nil && (ge.Unreachable || ge.Unreadable) {
			stored.Detail = ge.Err.Error()
		}
		return wireFact{Gateway: &stored}, nil
	}
	s := err.Error()
	return wireFact{Text: &s}, nil
}

func decodeFacts(ws []wireFact) []any {
	out := make([]any, len(ws))
	for i, w := range ws {
		out[i] = decodeFact(w)
	}
	return out
}

func decodeFact(w wireFact) any {
	switch {
	case w.Money != nil:
		return *w.Money
	case w.Status != nil:
		return *w.Status
	case w.Mode != nil:
		return *w.Mode
	case w.Kind != nil:
		return *w.Kind
	case w.Method != nil:
		return *w.Method
	case w.Time != nil:
		return *w.Time
	case w.Text != nil:
		return *w.Text
	case w.Int != nil:
		return *w.Int
	case w.Error != nil && w.Error.Anomaly:
		return Anomaly(w.Error.MollieID, w.Error.Why, decodeFacts(w.Error.Facts)...)
	case w.Error != nil:
		e := &Error{Why: w.Error.Why, Facts: decodeFacts(w.Error.Facts)}
		if w.Error.Cause != nil {
			e.Err = decodeCause(*w.Error.Cause)
		}
		return e
	case w.Gateway != nil:
		ge := *w.Gateway
		if (ge.Unreachable || ge.Unreadable) && ge.Detail != "" {
			ge.Err, ge.Detail = errors.New(ge.Detail), ""
		}
		return &ge
	case w.Say != nil:
		return decodeText(*w.Say)
	}
	return ""
}
