-- Trust: certification cases with their documents, and credit ratings.
CREATE TABLE cert_cases (
	id {{id}},
	user_id BIGINT NOT NULL REFERENCES users(id),
	kind TEXT NOT NULL CHECK (kind IN ('realname','professional')),
	state TEXT NOT NULL CHECK (state IN
		('open','approved','rejected','revoked')),
	submitted_at TEXT NOT NULL,
	due_at TEXT NOT NULL,
	decided_at TEXT,
	reviewer TEXT,
	reason TEXT,
	final INTEGER CHECK (final IN (0,1)),
	message TEXT,
	note TEXT,
	expires_at TEXT,
	company TEXT,
	title TEXT,
	previous_id BIGINT REFERENCES cert_cases(id)
);
CREATE INDEX cert_cases_state ON cert_cases (state, submitted_at);
CREATE INDEX cert_cases_user ON cert_cases (user_id, kind);

-- Each document is a file in the media store beside the database, named
-- by its SHA-256.
CREATE TABLE cert_docs (
	id {{id}},
	case_id BIGINT NOT NULL REFERENCES cert_cases(id),
	kind TEXT NOT NULL CHECK (kind IN
		('id-card','business-card','employment','other')),
	sha256 TEXT NOT NULL,
	media_type TEXT NOT NULL,
	size BIGINT NOT NULL
);
CREATE INDEX cert_docs_case ON cert_docs (case_id);

-- The last good answer of the credit bureau, and the member's choice.
CREATE TABLE credit_scores (
	id {{id}},
	user_id BIGINT NOT NULL UNIQUE REFERENCES users(id),
	score INTEGER CHECK (score BETWEEN 350 AND 950),
	as_of TEXT,
	fetched_at TEXT,
	expires_at TEXT,
	visible INTEGER NOT NULL DEFAULT 0 CHECK (visible IN (0,1)),
	updated_at TEXT NOT NULL
);
