-- Business-matching events (issue 19): the event, its participants on both
-- sides, the meeting requests between them, and the scheduled meetings with
-- their attendance and outcome. Times are UTC; days and breaks are kept as
-- the organiser wrote them (JSON) with the event's time zone.
CREATE TABLE events (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    kind                TEXT NOT NULL,
    org_id              BIGINT NOT NULL REFERENCES organisations (id),
    time_zone           TEXT NOT NULL,
    days                TEXT NOT NULL,
    breaks              TEXT NOT NULL DEFAULT '[]',
    venue               TEXT NOT NULL DEFAULT '',
    online_link         TEXT NOT NULL DEFAULT '',
    meeting_minutes     INTEGER NOT NULL,
    tables              INTEGER NOT NULL,
    default_max         INTEGER NOT NULL DEFAULT 0,
    registration_opens  TEXT NOT NULL DEFAULT '',
    registration_ends   TEXT NOT NULL DEFAULT '',
    description         TEXT NOT NULL DEFAULT '',
    first_day           TEXT NOT NULL,
    -- The agenda as last sent (JSON of the meetings) and when.
    agendas_sent_at     TIMESTAMP,
    sent_agenda         TEXT NOT NULL DEFAULT '',
    -- The scheduler's last run (JSON: weight, bounds, unscheduled).
    last_run            TEXT NOT NULL DEFAULT '',
    created_by          BIGINT,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX events_first_day ON events (first_day);
CREATE INDEX events_org ON events (org_id);

CREATE TABLE event_participants (
    id              INTEGER PRIMARY KEY,
    event_id        BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    side            TEXT NOT NULL,
    enterprise_id   BIGINT REFERENCES enterprises (id) ON DELETE CASCADE,
    org_id          BIGINT REFERENCES organisations (id) ON DELETE CASCADE,
    status          TEXT NOT NULL,
    available       TEXT NOT NULL DEFAULT '[]',
    max_meetings    INTEGER NOT NULL DEFAULT 0,
    checked_in_at   TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    CHECK ((side = 'enterprise' AND enterprise_id IS NOT NULL AND org_id IS NULL)
        OR (side = 'buyer' AND org_id IS NOT NULL AND enterprise_id IS NULL))
);
CREATE UNIQUE INDEX event_participants_enterprise ON event_participants (event_id, enterprise_id) WHERE enterprise_id IS NOT NULL;
CREATE UNIQUE INDEX event_participants_org ON event_participants (event_id, org_id) WHERE org_id IS NOT NULL;
CREATE INDEX event_participants_of_enterprise ON event_participants (enterprise_id);
CREATE INDEX event_participants_of_org ON event_participants (org_id);

CREATE TABLE meeting_requests (
    id                  INTEGER PRIMARY KEY,
    event_id            BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    enterprise_pid      BIGINT NOT NULL REFERENCES event_participants (id) ON DELETE CASCADE,
    buyer_pid           BIGINT NOT NULL REFERENCES event_participants (id) ON DELETE CASCADE,
    from_side           TEXT NOT NULL,
    priority            TEXT NOT NULL,
    score               DOUBLE PRECISION NOT NULL DEFAULT 0,
    reason              TEXT NOT NULL DEFAULT '',
    buying_request_id   BIGINT REFERENCES buying_requests (id) ON DELETE SET NULL,
    product_id          BIGINT REFERENCES products (id) ON DELETE SET NULL,
    note                TEXT NOT NULL DEFAULT '',
    answer              TEXT NOT NULL,
    answered_at         TIMESTAMP,
    created_by          BIGINT,
    created_at          TIMESTAMP NOT NULL,
    UNIQUE (event_id, enterprise_pid, buyer_pid, from_side)
);
CREATE INDEX meeting_requests_buyer ON meeting_requests (buyer_pid);
CREATE INDEX meeting_requests_enterprise ON meeting_requests (enterprise_pid);

CREATE TABLE event_meetings (
    id              INTEGER PRIMARY KEY,
    event_id        BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    request_id      BIGINT NOT NULL UNIQUE REFERENCES meeting_requests (id) ON DELETE CASCADE,
    starts_at       TIMESTAMP NOT NULL,
    ends_at         TIMESTAMP NOT NULL,
    table_no        INTEGER NOT NULL,
    pinned          BOOLEAN NOT NULL DEFAULT FALSE,
    weight          INTEGER NOT NULL DEFAULT 0,
    attendance      TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    follow_up_on    TEXT NOT NULL DEFAULT '',
    match_id        BIGINT REFERENCES matches (id) ON DELETE SET NULL,
    recorded_at     TIMESTAMP,
    UNIQUE (event_id, starts_at, table_no)
);
CREATE INDEX event_meetings_event ON event_meetings (event_id, starts_at);
