package mollie

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode"

	"github.com/paydesk/paydesk/domain"
)

// wireError is Mollie's error body. Its status is read as raw JSON because
// it is a number in real answers but may come as a string.
type wireError struct {
	Status json.RawMessage `json:"status"`
	Title  string          `json:"title"`
	Detail string          `json:"detail"`
	Field  string          `json:"field"`
}

// answerError turns an unsuccessful answer into the error callers see. The
// HTTP status of the answer is trusted over the one in the body.
func (c *Client) answerError(ans *answer) *domain.GatewayError {
	ge := &domain.GatewayError{
		HTTPStatus: ans.status,
		Retryable:  ans.status == http.StatusTooManyRequests || ans.status >= 500,
	}
	var body wireError
	if err := json.Unmarshal(ans.body, &body); err == nil && (body.Title != "" || body.Detail != "") {
		ge.Title = c.scrub.scrub(body.Title)
		ge.Detail = c.scrub.scrub(body.Detail)
		ge.Field = c.scrub.scrub(body.Field)
	} else {
		ge.Title = http.StatusText(ans.status)
		ge.Detail = fmt.Sprintf("its answer was not Mollie's JSON error (%s)", describeBody(ans))
		c.debugf("mollie: unexpected %d answer: %q", ans.status, snippet(ans.body))
	}
	if ge.Title == "" {
		ge.Title = "HTTP " + fmt.Sprint(ans.status)
	}
	if ans.status == http.StatusNotFound {
		ge.Err = domain.ErrNotFound
	}
	return ge
}

func describeBody(ans *answer) string {
	if len(ans.body) == 0 {
		return "empty body"
	}
	ct := ans.header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	return "no content type"
}

// snippet is the start of a body on one line, for the debug log.
func snippet(body []byte) string {
	const limit = 200
	s := strings.Join(strings.FieldsFunc(string(body), unicode.IsSpace), " ")
	if len(s) > limit {
		s = s[:limit] + "…"
	}
	return s
}
