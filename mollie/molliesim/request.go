package molliesim

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	maxDescription = 255
	maxMetadata    = 1024
)

// fields is a JSON request body by top-level name. Names the simulator does
// not know are ignored, as Mollie ignores them.
type fields map[string]json.RawMessage

func decodeFields(body []byte) (fields, *apiError) {
	f := fields{}
	if len(bytes.TrimSpace(body)) == 0 {
		return f, nil
	}
	if err := json.Unmarshal(body, &f); err != nil {
		return nil, badRequest("", "The request body is not valid JSON: "+jsonProblem(err))
	}
	return f, nil
}

func jsonProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return "expected an object"
	}
	return err.Error()
}

// has tells whether the body names the field with a value other than null.
func (f fields) has(name string) bool {
	raw, ok := f[name]
	return ok && !isNull(raw)
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// refuseAPIKeyFields: with an API key the key decides mode and profile;
// Mollie refuses bodies that try to say otherwise.
func (f fields) refuseAPIKeyFields() *apiError {
	for _, name := range []string{"testmode", "profileId"} {
		if _, ok := f[name]; ok {
			return unprocessable(name, "The '"+name+"' parameter cannot be used with an API key; the key decides it")
		}
	}
	return nil
}

// str reads an optional string field; absent and null read as "".
func (f fields) str(name string) (string, *apiError) {
	if !f.has(name) {
		return "", nil
	}
	var v string
	if err := json.Unmarshal(f[name], &v); err != nil {
		return "", unprocessable(name, "The '"+name+"' parameter must be a string")
	}
	return v, nil
}

func (f fields) boolean(name string) (bool, *apiError) {
	if !f.has(name) {
		return false, nil
	}
	var v bool
	if err := json.Unmarshal(f[name], &v); err != nil {
		return false, unprocessable(name, "The '"+name+"' parameter must be true or false")
	}
	return v, nil
}

func (f fields) description() (string, *apiError) {
	d, err := f.str("description")
	if err != nil {
		return "", err
	}
	return checkDescription(d)
}

func checkDescription(d string) (string, *apiError) {
	switch {
	case strings.TrimSpace(d) == "":
		return "", unprocessable("description", "The description is required")
	case utf8.RuneCountInString(d) > maxDescription:
		return "", unprocessable("description", "The description is too long, it can be at most 255 characters")
	}
	return d, nil
}

// amount reads the required amount object.
func (f fields) amount() (money, *apiError) {
	if !f.has("amount") {
		return money{}, unprocessable("amount", "The amount is required")
	}
	return f.money("amount")
}

// money reads the amount object under name, which must be there.
func (f fields) money(name string) (money, *apiError) {
	var in struct {
		Currency *string         `json:"currency"`
		Value    json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(f[name], &in); err != nil {
		return money{}, unprocessable(name, "The amount must be an object with a currency and a value")
	}
	if in.Currency == nil {
		return money{}, unprocessable(name+".currency", "The amount's currency is required")
	}
	if _, ok := currencies[*in.Currency]; !ok {
		return money{}, unprocessable(name+".currency", "The currency '"+*in.Currency+"' is not supported")
	}
	var value string
	if err := json.Unmarshal(in.Value, &value); err != nil {
		return money{}, unprocessable(name+".value", "The amount contains an invalid value")
	}
	n, err := parseValue(*in.Currency, value)
	if err != nil {
		return money{}, unprocessable(name+".value", "The amount contains an invalid value")
	}
	m := money{currency: *in.Currency, minor: n}
	switch checkRange(m) {
	case errAmountNotPos:
		return money{}, unprocessable(name, "The amount is lower than the minimum")
	case errAmountTooHigh:
		return money{}, unprocessable(name, "The amount is higher than the maximum")
	}
	return m, nil
}

// redirectURL reads an optional URL the customer's browser is sent to.
// Browsers can reach loopback addresses, so only the form is checked.
func (f fields) redirectURL(name string) (string, *apiError) {
	v, err := f.str(name)
	if err != nil || v == "" {
		return v, err
	}
	u, perr := url.Parse(v)
	if perr != nil || u.Scheme == "" || (u.Host == "" && u.Opaque == "") {
		return "", unprocessable(name, "The "+urlNoun(name)+" is invalid")
	}
	return v, nil
}

func urlNoun(name string) string {
	if name == "cancelUrl" {
		return "cancel URL"
	}
	return "redirect URL"
}

// webhookURL reads an optional webhook URL, which Mollie's servers must be
// able to reach.
func (f fields) webhookURL(allowLocal bool) (string, *apiError) {
	v, err := f.str("webhookUrl")
	if err != nil || v == "" {
		return v, err
	}
	u, perr := url.Parse(v)
	if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return "", unprocessable("webhookUrl", "The webhook URL is invalid")
	}
	if !allowLocal && !publicHost(u.Hostname()) {
		return "", unprocessable("webhookUrl", "The webhook URL is invalid because it is unreachable from Mollie's point of view.")
	}
	return v, nil
}

// privateSuffixes are names no public resolver answers for.
var privateSuffixes = []string{".localhost", ".local", ".test", ".internal", ".invalid", ".lan", ".home.arpa", ".example"}

func publicHost(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if addr, err := netip.ParseAddr(host); err == nil {
		return publicAddr(addr.Unmap())
	}
	if host == "localhost" || !strings.Contains(host, ".") {
		return false
	}
	return !slices.ContainsFunc(privateSuffixes, func(s string) bool { return strings.HasSuffix(host, s) })
}

var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

func publicAddr(a netip.Addr) bool {
	return a.IsGlobalUnicast() && !a.IsPrivate() && !sharedAddressSpace.Contains(a)
}

// expiresAt reads an optional future moment.
func (f fields) expiresAt(now time.Time) (time.Time, *apiError) {
	v, err := f.str("expiresAt")
	if err != nil || v == "" {
		return time.Time{}, err
	}
	t, perr := parseMoment(v)
	if perr != nil {
		return time.Time{}, unprocessable("expiresAt", "The expiry date is invalid, use ISO 8601 like 2025-06-30T12:00:00+00:00")
	}
	if !t.After(now) {
		return time.Time{}, unprocessable("expiresAt", "The expiry date must be in the future")
	}
	return t, nil
}

func parseMoment(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, v)
}

// metadata keeps whatever JSON the merchant sent, up to about 1 kB.
func (f fields) metadata() (json.RawMessage, *apiError) {
	if !f.has("metadata") {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, f["metadata"]); err != nil {
		return nil, unprocessable("metadata", "The metadata is invalid")
	}
	if buf.Len() > maxMetadata {
		return nil, unprocessable("metadata", "The metadata is too large, it can be at most 1024 bytes")
	}
	return buf.Bytes(), nil
}

// methods reads "method" or "allowedMethods": one id or a list of them.
func (f fields) methods(name string) ([]string, *apiError) {
	if !f.has(name) {
		return nil, nil
	}
	var list []string
	var one string
	if err := json.Unmarshal(f[name], &one); err == nil {
		list = []string{one}
	} else if err := json.Unmarshal(f[name], &list); err != nil {
		return nil, unprocessable(name, "The payment method is invalid")
	}
	for _, m := range list {
		if !slices.Contains(apiMethods, m) {
			return nil, unprocessable(name, "The payment method '"+m+"' is invalid")
		}
	}
	return list, nil
}

func (f fields) locale() (string, *apiError) {
	v, err := f.str("locale")
	if err != nil || v == "" {
		return v, err
	}
	lang, region, ok := strings.Cut(v, "_")
	if !ok || len(lang) != 2 || len(region) != 2 {
		return "", unprocessable("locale", "The locale is invalid, use a value like en_US")
	}
	return v, nil
}

// Body parameters by operation: declared are those Mollie's OpenAPI document
// lists for the request body; handled are those the simulator acts on. The
// rest of the declared ones (order lines, addresses, routing, application
// fees, ...) are refused rather than silently dropped, so that a client
// relying on them notices the simulator does not model them.
var (
	createLinkParams = bodyParams{
		declared: []string{"description", "amount", "minimumAmount", "redirectUrl", "webhookUrl", "lines",
			"billingAddress", "shippingAddress", "profileId", "reusable", "expiresAt", "allowedMethods",
			"applicationFee", "sequenceType", "customerId", "testmode"},
		handled: []string{"description", "amount", "minimumAmount", "redirectUrl", "webhookUrl", "reusable", "expiresAt",
			"allowedMethods", "profileId", "testmode", "sequenceType"},
	}
	updateLinkParams = bodyParams{
		declared: []string{"description", "minimumAmount", "archived", "allowedMethods", "lines",
			"billingAddress", "shippingAddress", "testmode"},
		handled: []string{"description", "archived", "allowedMethods", "testmode"},
	}
	createPaymentParams = bodyParams{
		declared: []string{"description", "amount", "redirectUrl", "cancelUrl", "webhookUrl", "lines",
			"billingAddress", "shippingAddress", "locale", "method", "issuer", "restrictPaymentMethodsToCountry",
			"metadata", "captureMode", "captureDelay", "applicationFee", "routing", "sequenceType", "mandateId",
			"customerId", "profileId", "dueDate", "storeCredentials", "testmode", "applePayPaymentToken",
			"company", "cardToken", "googlePayPaymentToken", "voucherNumber", "voucherPin",
			"consumerDateOfBirth", "extraMerchantData", "sessionId", "digitalGoods", "customerReference",
			"terminalId"},
		handled: []string{"description", "amount", "redirectUrl", "cancelUrl", "webhookUrl", "locale",
			"method", "metadata", "profileId", "testmode", "sequenceType"},
	}
	createRefundParams = bodyParams{
		declared: []string{"description", "amount", "metadata", "externalReference", "reverseRouting",
			"routingReversals", "testmode"},
		handled: []string{"description", "amount", "metadata", "testmode"},
	}
)

type bodyParams struct{ declared, handled []string }

// check refuses a body parameter the document does not declare for the
// operation (Mollie answers 422 for unknown parameters:
// https://docs.mollie.com/overview/handling-errors) and one the simulator
// does not model. Names are checked in sorted order so the answer is stable.
func (f fields) check(p bodyParams) *apiError {
	names := make([]string, 0, len(f))
	for name := range f {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		switch {
		case !slices.Contains(p.declared, name):
			return unprocessable(name, "The parameter '"+name+"' is unknown")
		case !slices.Contains(p.handled, name) && f.has(name):
			return unprocessable(name, "The parameter '"+name+"' is not supported by the simulator")
		}
	}
	return f.oneOff()
}

// oneOff accepts only the one-off sequence: the simulator has no mandates.
func (f fields) oneOff() *apiError {
	v, aerr := f.str("sequenceType")
	if aerr != nil || v == "" || v == "oneoff" {
		return aerr
	}
	return unprocessable("sequenceType", "The sequence type '"+v+"' is not supported by the simulator; only 'oneoff'")
}
