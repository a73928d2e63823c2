-- The public catalogue (issue 20): each enterprise's consent to be listed
-- (the last state; every change is in the audit log), the inquiries foreign
-- buyers send from it, and buyers' self-registrations awaiting an officer.
CREATE TABLE listing_consents (
    enterprise_id INTEGER PRIMARY KEY REFERENCES enterprises (id) ON DELETE CASCADE,
    listed        BOOLEAN NOT NULL,
    by_owner      BOOLEAN NOT NULL DEFAULT FALSE,
    evidence      TEXT NOT NULL DEFAULT '',
    actor         TEXT NOT NULL DEFAULT '',
    at            TIMESTAMP NOT NULL
);
CREATE INDEX listing_consents_listed ON listing_consents (listed, enterprise_id);

CREATE TABLE inquiries (
    id            INTEGER PRIMARY KEY,
    product_id    INTEGER REFERENCES products (id) ON DELETE SET NULL,
    enterprise_id INTEGER REFERENCES enterprises (id) ON DELETE SET NULL,
    name          TEXT NOT NULL,
    company       TEXT NOT NULL DEFAULT '',
    country       TEXT NOT NULL,
    email         TEXT NOT NULL,
    message       TEXT NOT NULL,
    quantity      DOUBLE PRECISION NOT NULL DEFAULT 0,
    unit          TEXT NOT NULL DEFAULT '',
    lang          TEXT NOT NULL DEFAULT '',
    request_id    INTEGER REFERENCES buying_requests (id) ON DELETE SET NULL,
    remote_addr   TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX inquiries_created ON inquiries (created_at);

CREATE TABLE buyer_registrations (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id      INTEGER NOT NULL REFERENCES organisations (id),
    country     TEXT NOT NULL,
    website     TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'pending',
    decided_by  TEXT NOT NULL DEFAULT '',
    decided_at  TIMESTAMP,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX buyer_registrations_status ON buyer_registrations (status, created_at);
