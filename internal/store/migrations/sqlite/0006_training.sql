-- Export readiness (questionnaire versions and assessments), the training
-- programme (stages, classes, sessions, enrolments, attendance) and
-- mentoring (assignments, activities, assistance cases).

-- A questionnaire version answered by any assessment is frozen: its
-- questions, points and thresholds made those assessments' scores.
CREATE TABLE questionnaires (
    version      INTEGER NOT NULL PRIMARY KEY,
    status       TEXT NOT NULL,                -- draft, published, retired
    body_json    TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMP
);

CREATE TABLE assessments (
    id                    INTEGER PRIMARY KEY,
    enterprise_id         INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    questionnaire_version INTEGER NOT NULL REFERENCES questionnaires (version),
    kind                  TEXT NOT NULL,       -- self, officer, mentor
    user_id               INTEGER,
    actor                 TEXT NOT NULL,
    answers_json          TEXT NOT NULL,
    prefilled_json        TEXT NOT NULL DEFAULT '',
    result_json           TEXT NOT NULL,
    overall               DOUBLE PRECISION NOT NULL,
    level                 TEXT NOT NULL,
    created_at            TIMESTAMP NOT NULL
);
CREATE INDEX assessments_enterprise ON assessments (enterprise_id, created_at);

-- The latest assessment of each enterprise, kept in the same transaction as
-- the assessment: placement pools and the funnel read it without a window
-- over every assessment.
CREATE TABLE enterprise_readiness (
    enterprise_id INTEGER NOT NULL PRIMARY KEY REFERENCES enterprises (id) ON DELETE CASCADE,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    level         TEXT NOT NULL,
    overall       DOUBLE PRECISION NOT NULL,
    assessed_at   TIMESTAMP NOT NULL
);
CREATE INDEX enterprise_readiness_level ON enterprise_readiness (level, overall);

CREATE TABLE programmes (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    year             INTEGER NOT NULL,
    organiser_org_id INTEGER REFERENCES organisations (id),
    description      TEXT NOT NULL DEFAULT '',
    stages           INTEGER NOT NULL,
    seats_per_class  INTEGER NOT NULL,
    attendance_pct   INTEGER NOT NULL,
    regency_cap_pct  INTEGER NOT NULL,
    status           TEXT NOT NULL,            -- planning, confirmed, finished
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);

-- Dates are ISO text (YYYY-MM-DD) on both engines, as for certificates.
CREATE TABLE training_stages (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    starts_on    TEXT NOT NULL DEFAULT '',
    ends_on      TEXT NOT NULL DEFAULT '',
    UNIQUE (programme_id, number)
);

CREATE TABLE training_classes (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    stage_id        INTEGER NOT NULL REFERENCES training_stages (id) ON DELETE CASCADE,
    level           TEXT NOT NULL,
    seats           INTEGER NOT NULL,
    trainer_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (stage_id, level)
);

CREATE TABLE training_sessions (
    id         INTEGER PRIMARY KEY,
    class_id   INTEGER NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    on_date    TEXT NOT NULL,
    starts_at  TEXT NOT NULL DEFAULT '',
    ends_at    TEXT NOT NULL DEFAULT '',
    place      TEXT NOT NULL DEFAULT '',
    online_url TEXT NOT NULL DEFAULT '',
    topic      TEXT NOT NULL,
    trainer    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX training_sessions_class ON training_sessions (class_id, on_date);

-- One enterprise is in at most one class of a stage: the unique index is the
-- final guard behind the placement rules.
CREATE TABLE enrolments (
    id            INTEGER PRIMARY KEY,
    programme_id  INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    stage_id      INTEGER NOT NULL REFERENCES training_stages (id) ON DELETE CASCADE,
    class_id      INTEGER NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    status        TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    level         TEXT NOT NULL DEFAULT '',
    score         DOUBLE PRECISION,
    assessment_id INTEGER REFERENCES assessments (id) ON DELETE SET NULL, -- the assessment it was placed by
    result        TEXT NOT NULL DEFAULT '',
    result_score  DOUBLE PRECISION,
    result_note   TEXT NOT NULL DEFAULT '',
    completed     BOOLEAN,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (stage_id, enterprise_id)
);
CREATE INDEX enrolments_class ON enrolments (class_id);
CREATE INDEX enrolments_enterprise ON enrolments (enterprise_id);

CREATE TABLE attendance (
    session_id   INTEGER NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    present      BOOLEAN NOT NULL,
    recorded_at  TIMESTAMP NOT NULL,
    actor        TEXT NOT NULL,
    PRIMARY KEY (session_id, enrolment_id)
);
CREATE INDEX attendance_enrolment ON attendance (enrolment_id);

CREATE TABLE mentor_assignments (
    id             INTEGER PRIMARY KEY,
    mentor_user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    enterprise_id  INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    assigned_at    TIMESTAMP NOT NULL,
    actor          TEXT NOT NULL,
    ended_at       TIMESTAMP,
    UNIQUE (mentor_user_id, enterprise_id)
);
CREATE INDEX mentor_assignments_enterprise ON mentor_assignments (enterprise_id);

CREATE TABLE assistance_cases (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    status        TEXT NOT NULL,
    owner_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    due_on        TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL DEFAULT '',
    opened_at     TIMESTAMP NOT NULL,
    closed_at     TIMESTAMP,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX assistance_cases_enterprise ON assistance_cases (enterprise_id);
CREATE INDEX assistance_cases_due ON assistance_cases (status, due_on);

CREATE TABLE mentoring_activities (
    id             INTEGER PRIMARY KEY,
    enterprise_id  INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    mentor_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    case_id        INTEGER REFERENCES assistance_cases (id) ON DELETE SET NULL,
    actor          TEXT NOT NULL,
    on_date        TEXT NOT NULL,
    channel        TEXT NOT NULL,
    topic          TEXT NOT NULL,
    notes          TEXT NOT NULL DEFAULT '',
    next_step      TEXT NOT NULL DEFAULT '',
    next_due       TEXT NOT NULL DEFAULT '',
    next_done      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX mentoring_activities_enterprise ON mentoring_activities (enterprise_id, on_date);
CREATE INDEX mentoring_activities_due ON mentoring_activities (next_due) WHERE next_due <> '' AND NOT next_done;
