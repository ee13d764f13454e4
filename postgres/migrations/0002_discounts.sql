-- Early-payment discounts (Skonto) of the document, as domain.FormatDiscounts
-- writes them: "200@2026-11-09;300@2026-11-02", '' for none.
ALTER TABLE invoices ADD COLUMN discounts text NOT NULL DEFAULT '';
