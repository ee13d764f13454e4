package mollie

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// list walks a cursor-paginated list from its first page, following
// _links.next until it is null or the consumer stops. A page that cannot be
// fetched ends the walk with its error; an object that cannot be read is
// yielded as an error and the walk goes on.
func list[T any](ctx context.Context, c *Client, path, key string, decode func([]byte) (T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		next := c.endpoint(path, url.Values{"limit": {strconv.Itoa(c.pageLimit)}})
		for next != "" {
			var page wirePage
			if err := c.call(ctx, http.MethodGet, next, nil, "", &page); err != nil {
				yield(zero, err)
				return
			}
			for _, raw := range page.items(key) {
				if !yield(decode(raw)) {
					return
				}
			}
			var err error
			if next, err = c.nextPage(next, page.Links.href("next")); err != nil {
				yield(zero, err)
				return
			}
		}
	}
}

// nextPage checks the next-page href Mollie gave. It is followed only on the
// base URL's scheme and host, because the request carries the API key.
func (c *Client) nextPage(current, href string) (string, error) {
	if href == "" {
		return "", nil
	}
	u, err := url.Parse(href)
	if err != nil || !u.IsAbs() {
		return "", errors.New("mollie: the next-page link in Mollie's answer is not an absolute URL")
	}
	if !strings.EqualFold(u.Scheme, c.base.Scheme) || !strings.EqualFold(u.Host, c.base.Host) || u.User != nil {
		return "", errors.New("mollie: the next-page link in Mollie's answer points to another host; not following it with the API key")
	}
	if u.String() == current {
		return "", errors.New("mollie: the next-page link in Mollie's answer points to the same page again")
	}
	return u.String(), nil
}
