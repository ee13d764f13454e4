package domain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// importMapPrefix starts the setting keys of remembered import mappings;
// the rest is a digest of the export's header set, so that any header,
// however long, makes a short key.
const importMapPrefix = "import_map."

func importMapKey(headerSet string) string {
	sum := sha256.Sum256([]byte(headerSet))
	return importMapPrefix + hex.EncodeToString(sum[:12])
}

// ImportMapping returns the column mapping remembered for an export's
// header set, "" when there is none.
func (s *Service) ImportMapping(ctx context.Context, headerSet string) (string, error) {
	m, err := s.store.Setting(ctx, importMapKey(headerSet))
	if err != nil {
		return "", fmt.Errorf("read the import mapping: %w", err)
	}
	return m, nil
}

// RememberImportMapping keeps a mapping for the next export with the same
// header set.
func (s *Service) RememberImportMapping(ctx context.Context, headerSet, mapping string) error {
	if err := s.store.SetSetting(ctx, importMapKey(headerSet), mapping); err != nil {
		return fmt.Errorf("remember the import mapping: %w", err)
	}
	return nil
}

// ImportPreview says, without writing, how many of the invoices are new
// and how many are already in the books (an import updates those that
// changed).
func (s *Service) ImportPreview(ctx context.Context, invoices []Invoice) (added, known int, err error) {
	if len(invoices) == 0 {
		return 0, 0, nil // an empty filter would mean every invoice
	}
	numbers := make([]string, len(invoices))
	for i, inv := range invoices {
		numbers[i] = inv.Number
	}
	stored, err := s.store.Invoices(ctx, InvoiceFilter{Numbers: numbers})
	if err != nil {
		return 0, 0, fmt.Errorf("preview the import: %w", err)
	}
	return len(invoices) - len(stored), len(stored), nil
}
