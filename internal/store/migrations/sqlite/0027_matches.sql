-- The deal pipeline (issue 17, items 3–4): a match is a product of an
-- enterprise offered for a buyer's request, moved from the shortlist to the
-- shipment; match_steps keeps every move (who, when, why). A contract's
-- value is in contract_currency; its quantity in contract_unit.
CREATE TABLE matches (
    id                INTEGER PRIMARY KEY,
    request_id        BIGINT NOT NULL REFERENCES buying_requests (id) ON DELETE CASCADE,
    enterprise_id     BIGINT NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    product_id        BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    step              TEXT NOT NULL,
    lost_reason       TEXT NOT NULL DEFAULT '',
    lost_from         TEXT NOT NULL DEFAULT '',
    score             DOUBLE PRECISION NOT NULL DEFAULT 0,
    contract_value    DOUBLE PRECISION NOT NULL DEFAULT 0,
    contract_currency TEXT NOT NULL DEFAULT '',
    contract_quantity DOUBLE PRECISION NOT NULL DEFAULT 0,
    contract_unit     TEXT NOT NULL DEFAULT '',
    contract_terms    TEXT NOT NULL DEFAULT '',
    step_at           TIMESTAMP NOT NULL,
    created_by        BIGINT,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    UNIQUE (request_id, product_id)
);
CREATE INDEX matches_enterprise ON matches (enterprise_id, step);
CREATE INDEX matches_request ON matches (request_id, step, step_at);
CREATE INDEX matches_step ON matches (step, step_at);

CREATE TABLE match_steps (
    id          INTEGER PRIMARY KEY,
    match_id    BIGINT NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
    from_step   TEXT NOT NULL DEFAULT '',
    to_step     TEXT NOT NULL,
    at          TIMESTAMP NOT NULL,
    user_id     BIGINT,
    actor       TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    lost_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX match_steps_match ON match_steps (match_id, id);
