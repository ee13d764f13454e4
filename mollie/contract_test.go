package mollie

import (
	"net/http/httptest"
	"testing"

	"github.com/paydesk/paydesk/mollie/molliesim"
	"github.com/paydesk/paydesk/storetest"
)

// The client against the simulator keeps the contract the in-memory fake
// of package mock is held to.
func TestGatewayContract(t *testing.T) {
	storetest.RunGateway(t, func(t *testing.T) storetest.Gateways {
		sim := molliesim.New(molliesim.Options{Seed: 7})
		srv := httptest.NewServer(sim)
		sim.SetBaseURL(srv.URL)
		t.Cleanup(func() {
			srv.Close()
			sim.Close()
		})
		return storetest.Gateways{
			Test:    newTestClient(t, Config{BaseURL: srv.URL, APIKey: sim.TestKey()}),
			Refused: newTestClient(t, Config{BaseURL: srv.URL, APIKey: testKey}),
		}
	})
}
