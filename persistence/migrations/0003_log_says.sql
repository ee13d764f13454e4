-- What a log entry says, as domain.Text.Encode writes it (a catalogue key
-- and typed facts), so each reader sees it in their language; '' for rows
-- written before, which keep their message.
ALTER TABLE log ADD COLUMN says TEXT NOT NULL DEFAULT '';
