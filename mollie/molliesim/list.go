package molliesim

import (
	"net/http"
	"net/url"
	"strconv"
)

const (
	defaultLimit = 50
	maxLimit     = 250
)

// listQuery is a list request's cursor, page size and direction.
type listQuery struct {
	from  string
	limit int
	// sort is "asc" or "desc" as asked, "" when not given: newest first.
	sort string
}

// parseListQuery reads from and limit, and sort where Mollie's document
// declares it for the list (list-sort: "Defaults to descending order,
// meaning the results are ordered from newest to oldest"); elsewhere the
// parameter is not Mollie's and is ignored, as unknown query parameters are.
func parseListQuery(r *http.Request, sortable bool) (listQuery, *apiError) {
	q := listQuery{from: r.URL.Query().Get("from"), limit: defaultLimit}
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return q, badRequest("limit", "The limit must be a number between 1 and 250")
		}
		q.limit = n
	}
	if sortable {
		switch v := r.URL.Query().Get("sort"); v {
		case "", "asc", "desc":
			q.sort = v
		default:
			return q, badRequest("sort", "The sort must be either asc or desc")
		}
	}
	return q, nil
}

// asc tells whether the list goes from oldest to newest.
func (q listQuery) asc() bool { return q.sort == "asc" }

// start is where a list of n items begins without a cursor: the newest
// item, or the oldest for sort=asc.
func (q listQuery) start(n int) int {
	if q.asc() {
		return 0
	}
	return n - 1
}

// page is one stretch of a list. items hold the objects oldest first
// (creation order); pages are cut walking downwards, or upwards for
// sort=asc.
type page[T any] struct {
	items []T
	next  string // id of the first item of the next page, "" at the end
	prev  string // id of the first item of the previous page, "" if none
}

// cut takes up to q.limit visible items starting at index start and going
// in q's direction. It costs the page size plus skipped tombstones, never
// the whole list.
func cut[T any](items []T, start int, q listQuery, visible func(T) bool, id func(T) string) page[T] {
	step := -1
	if q.asc() {
		step = 1
	}
	in := func(i int) bool { return i >= 0 && i < len(items) }
	var pg page[T]
	i := start
	for ; in(i) && len(pg.items) < q.limit; i += step {
		if visible(items[i]) {
			pg.items = append(pg.items, items[i])
		}
	}
	for ; in(i); i += step {
		if visible(items[i]) {
			pg.next = id(items[i])
			break
		}
	}
	for j, n := start-step, 0; in(j) && n < q.limit; j -= step {
		if visible(items[j]) {
			pg.prev, n = id(items[j]), n+1
		}
	}
	return pg
}

type listBody struct {
	Count    int              `json:"count"`
	Embedded map[string][]any `json:"_embedded"`
	Links    listLinks        `json:"_links"`
}

type listLinks struct {
	Self          ref  `json:"self"`
	Previous      *ref `json:"previous"`
	Next          *ref `json:"next"`
	Documentation ref  `json:"documentation"`
}

// listResponse renders a page under _embedded.<name> with Mollie's
// self/previous/next links; previous is only offered when a cursor was
// given.
func listResponse[T any](c *call, q listQuery, name, docs string, pg page[T], render func(T) any) response {
	out := make([]any, 0, len(pg.items))
	for _, it := range pg.items {
		out = append(out, render(it))
	}
	href := func(from string) string {
		v := url.Values{"limit": {strconv.Itoa(q.limit)}}
		if q.sort != "" {
			v.Set("sort", q.sort)
		}
		if from != "" {
			v.Set("from", from)
		}
		return c.base + c.r.URL.Path + "?" + v.Encode()
	}
	links := listLinks{
		Self:          ref{Href: href(q.from), Type: halJSON},
		Documentation: ref{Href: docs, Type: textHTML},
	}
	if pg.next != "" {
		links.Next = &ref{Href: href(pg.next), Type: halJSON}
	}
	if q.from != "" && pg.prev != "" {
		links.Previous = &ref{Href: href(pg.prev), Type: halJSON}
	}
	return jsonResponse(http.StatusOK, listBody{
		Count:    len(out),
		Embedded: map[string][]any{name: out},
		Links:    links,
	})
}

// listEvery answers a list in which every item is visible, newest last in
// items; at finds where the cursor's item stands, or says it is not one of
// them, which Mollie answers with 400.
func listEvery[T any](c *call, q listQuery, items []T, at func(id string) (int, bool), what, name, docs string,
	id func(T) string, render func(T) any) response {
	start := q.start(len(items))
	if q.from != "" {
		i, ok := at(q.from)
		if !ok {
			return errorResponse(badRequest("from", "The cursor "+q.from+" does not refer to "+what))
		}
		start = i
	}
	pg := cut(items, start, q, func(T) bool { return true }, id)
	return listResponse(c, q, name, docs, pg, render)
}
