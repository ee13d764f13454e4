package mollie

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// maxAnswer bounds what is read of one answer; a page of 250 payments is
// well under a megabyte.
const maxAnswer = 16 << 20

var errAnswerTooLarge = errors.New("the answer is larger than 16 MB")

// answer is one HTTP response, read to the end within its attempt.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// call sends one logical request: JSON in, JSON out. Mutating methods carry
// an Idempotency-Key, the caller's or a fresh one, the same on every retry.
func (c *Client) call(ctx context.Context, method, target string, in any, idemKey string, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return fmt.Errorf("mollie: encoding %s %s: %w", method, pathOf(target), err)
		}
	}
	if method != http.MethodGet && idemKey == "" {
		idemKey = domain.NewIdempotencyKey()
	}
	req, err := c.newRequest(ctx, method, target, body, idemKey)
	if err != nil {
		return err
	}
	ans, err := c.send(ctx, req, body)
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(ans.body, out); err != nil {
		return c.unreadable(ans.status, fmt.Errorf("the answer to %s %s is not JSON: %w", method, pathOf(target), err))
	}
	return nil
}

func (c *Client) newRequest(ctx context.Context, method, target string, body []byte, idemKey string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, nil)
	if err != nil {
		return nil, fmt.Errorf("mollie: %s %s: %s", method, pathOf(target), c.scrub.scrub(err.Error()))
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if idemKey != "" {
		req.Header.Set("Idempotency-Key", idemKey)
	}
	return req, nil
}

// send runs attempts until one is answered with success, with an error that
// retrying cannot fix, or until the retry budget is spent. The first attempt
// has the full timeout; everything after it (waits and further attempts)
// counts against the budget, and a retry's timeout never reaches past it. An
// injected Sleep that returns at once still ends the loop, because the waits
// are counted, not measured.
func (c *Client) send(ctx context.Context, req *http.Request, body []byte) (*answer, error) {
	var retrying time.Duration
	var lastAnswered *domain.GatewayError
	timeout := c.timeout
	for attempt := 1; ; attempt++ {
		start := time.Now()
		ans, netErr := c.attempt(ctx, req, body, timeout)
		took := time.Since(start)
		if attempt > 1 {
			retrying += took
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("mollie: %s %s: %w", req.Method, pathOf(req.URL.String()), err)
		}
		if errors.Is(netErr, errAnswerTooLarge) {
			return nil, fmt.Errorf("mollie: %s %s: %w", req.Method, pathOf(req.URL.String()), netErr)
		}
		var failure *domain.GatewayError
		if netErr == nil {
			c.debugf("mollie: %s %s → %d in %s (attempt %d)%s", req.Method, pathOf(req.URL.String()), ans.status, took.Round(time.Millisecond), attempt, replayed(ans))
			if ans.status >= 200 && ans.status < 300 {
				return ans, nil
			}
			failure = c.answerError(ans)
			lastAnswered = failure
		} else {
			cause := c.transportCause(netErr, timeout)
			c.debugf("mollie: %s %s failed in %s (attempt %d): %s", req.Method, pathOf(req.URL.String()), took.Round(time.Millisecond), attempt, cause)
			failure = &domain.GatewayError{Unreachable: true, Retryable: true, Err: errors.New(cause)}
		}
		if !failure.Retryable {
			return nil, failure
		}
		wait, ok := c.retryWait(attempt, ans, c.retryBudget-retrying)
		if !ok {
			c.debugf("mollie: %s %s: giving up after %d attempts", req.Method, pathOf(req.URL.String()), attempt)
			return nil, finalFailure(failure, lastAnswered, attempt)
		}
		c.debugf("mollie: %s %s: retrying in %s", req.Method, pathOf(req.URL.String()), wait.Round(time.Millisecond))
		if err := c.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("mollie: %s %s: %w", req.Method, pathOf(req.URL.String()), err)
		}
		retrying += wait
		timeout = min(c.timeout, c.retryBudget-retrying)
	}
}

// finalFailure is the error a call ends with once retries run out. Mollie's
// own answer, when there was one, says more than a later network failure;
// Unreachable stays reserved for calls that never got an answer.
func finalFailure(last, lastAnswered *domain.GatewayError, attempts int) *domain.GatewayError {
	if last.Unreachable && lastAnswered != nil {
		return lastAnswered
	}
	if last.Unreachable && attempts > 1 {
		last.Err = fmt.Errorf("%w (gave up after %d attempts)", last.Err, attempts)
	}
	return last
}

// attempt sends the request once, with its own timeout, and reads the whole
// answer before that timeout ends.
func (c *Client) attempt(ctx context.Context, req *http.Request, body []byte, timeout time.Duration) (*answer, error) {
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r := req.Clone(actx)
	if body != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	resp, err := c.http.Do(r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxAnswer {
		return nil, errAnswerTooLarge
	}
	return &answer{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// transportCause describes a failed attempt for the bookkeeper, without the
// request URL and with the key scrubbed from whatever the transport said.
func (c *Client) transportCause(err error, timeout time.Duration) string {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return fmt.Sprintf("no answer within %s", timeout.Round(time.Millisecond))
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return c.scrub.scrub(err.Error())
}

func replayed(ans *answer) string {
	if ans.header.Get("Idempotent-Replayed") == "true" {
		return " (replayed)"
	}
	return ""
}

// unreadable is the error for a success answer whose body could not be
// used: Mollie may have acted on the request, which callers must not forget.
func (c *Client) unreadable(status int, err error) *domain.GatewayError {
	if domain.IsAnomaly(err) {
		// Already scrubbed, and kept whole so that it is told in words.
		return &domain.GatewayError{HTTPStatus: status, Unreadable: true, Err: err}
	}
	return &domain.GatewayError{HTTPStatus: status, Unreadable: true, Err: errors.New(c.scrub.scrub(err.Error()))}
}

// pathOf is the path and query of an absolute URL, for messages: the host is
// always Mollie's and only makes lines longer.
func pathOf(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.RequestURI()
}
