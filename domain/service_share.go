package domain

import "context"

// ShowQR returns an invoice's status and its open payment link to show as a
// QR code, and logs that the link was shown.
func (s *Service) ShowQR(ctx context.Context, number string) (InvoiceStatus, Payment, error) {
	number = NormalizeNumber(number) // typed by a person: the stored form
	st, p, err := s.OpenLink(ctx, number)
	if err != nil {
		return st, p, err
	}
	s.logInfo(ctx, LogEntry{Event: EventQR, InvoiceNumber: number, MollieID: p.MollieID, Says: Say("log.qr", p.URL)})
	return st, p, nil
}
