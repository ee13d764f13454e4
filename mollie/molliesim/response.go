package molliesim

import (
	"encoding/json"
	"net/http"
	"strconv"
)

const docsHandlingErrors = "https://docs.mollie.com/overview/handling-errors"

// response is an API answer, built before it is written so that it can be
// remembered for idempotent replays.
type response struct {
	status int
	body   []byte
	header map[string]string
}

func (resp response) write(w http.ResponseWriter, replayed bool) {
	h := w.Header()
	if len(resp.body) > 0 {
		h.Set("Content-Type", "application/hal+json")
	}
	for k, v := range resp.header {
		h.Set(k, v)
	}
	if replayed {
		h.Set("Idempotent-Replayed", "true")
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

func jsonResponse(status int, v any) response {
	b, err := json.Marshal(v)
	if err != nil {
		return errorResponse(&apiError{status: http.StatusInternalServerError, detail: "The simulator could not encode its answer"})
	}
	return response{status: status, body: b}
}

// apiError is a refusal in Mollie's error shape.
type apiError struct {
	status int
	detail string
	field  string
}

func unprocessable(field, detail string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, detail: detail, field: field}
}

func badRequest(field, detail string) *apiError {
	return &apiError{status: http.StatusBadRequest, detail: detail, field: field}
}

func notFound(detail string) *apiError {
	return &apiError{status: http.StatusNotFound, detail: detail}
}

type errorBody struct {
	Status int            `json:"status"`
	Title  string         `json:"title"`
	Detail string         `json:"detail"`
	Field  string         `json:"field,omitempty"`
	Links  map[string]ref `json:"_links"`
}

// ref is a HAL link.
type ref struct {
	Href string `json:"href"`
	Type string `json:"type"`
}

func errorResponse(e *apiError) response {
	title := http.StatusText(e.status)
	if e.status == http.StatusUnauthorized {
		title = "Unauthorized Request"
	}
	b, _ := json.Marshal(errorBody{
		Status: e.status,
		Title:  title,
		Detail: e.detail,
		Field:  e.field,
		Links:  map[string]ref{"documentation": {Href: docsHandlingErrors, Type: "text/html"}},
	})
	return response{status: e.status, body: b}
}

func rateLimited(retryAfterSeconds int) response {
	resp := errorResponse(&apiError{status: http.StatusTooManyRequests,
		detail: "You have exceeded the rate limit. Please slow down and retry later"})
	resp.header = map[string]string{"Retry-After": strconv.Itoa(retryAfterSeconds)}
	return resp
}
