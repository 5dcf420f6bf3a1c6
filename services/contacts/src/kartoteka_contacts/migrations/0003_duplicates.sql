-- Finding duplicate cards by name: people with the same folded name at the same company, and
-- companies with the same folded name. Expression indexes make the self-joins index joins.
CREATE INDEX contact_person_name_company ON contact (company_id, fold_text(display_name))
    WHERE deleted_at IS NULL AND kind = 'person' AND company_id IS NOT NULL;
CREATE INDEX contact_company_name ON contact (fold_text(display_name))
    WHERE deleted_at IS NULL AND kind = 'company';

-- Pairs a person looked at and declared "not duplicates"; the finder leaves them out.
CREATE TABLE duplicate_dismissal (
    first_id uuid NOT NULL REFERENCES contact (id),
    second_id uuid NOT NULL REFERENCES contact (id),
    dismissed_at timestamptz NOT NULL DEFAULT now(),
    dismissed_by text NOT NULL,
    PRIMARY KEY (first_id, second_id),
    CHECK (first_id < second_id)
);
