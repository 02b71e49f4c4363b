-- Reciprocity: campaigns with prizes, invites, the draw and its awards.
CREATE TABLE campaigns (
	id {{id}},
	slug TEXT NOT NULL UNIQUE,
	title TEXT NOT NULL,
	organiser TEXT NOT NULL,
	starts_at TEXT NOT NULL,
	ends_at TEXT NOT NULL,
	draw_at TEXT NOT NULL,
	goal INTEGER NOT NULL CHECK (goal > 0),
	seed_sha256 TEXT,
	rules_sha256 TEXT,
	seed TEXT,
	ranking TEXT,
	committed_at TEXT,
	drawn_at TEXT,
	closed_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE prizes (
	id {{id}},
	campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
	position INTEGER NOT NULL,
	name TEXT NOT NULL,
	quantity INTEGER NOT NULL CHECK (quantity > 0),
	value_fen BIGINT CHECK (value_fen >= 0),
	UNIQUE (campaign_id, position)
);

CREATE TABLE invites (
	id {{id}},
	code TEXT NOT NULL UNIQUE,
	inviter_id BIGINT NOT NULL REFERENCES users(id),
	campaign_id BIGINT REFERENCES campaigns(id),
	contact TEXT,
	channel TEXT NOT NULL CHECK (channel IN ('wechat','sms','link','qr')),
	state TEXT NOT NULL CHECK (state IN
		('created','accepted','revoked','flagged')),
	reason TEXT,
	note TEXT,
	invitee_id BIGINT REFERENCES users(id),
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	accepted_at TEXT,
	updated_at TEXT NOT NULL
);
CREATE INDEX invites_inviter ON invites (inviter_id, accepted_at);
CREATE INDEX invites_campaign ON invites (campaign_id, state, inviter_id,
	accepted_at);

-- The draw's ranking: every candidate is in campaigns.ranking (a JSON
-- array of handles, in rank order); the ranks that got an award have an
-- entry here, with the member and the ticket.
CREATE TABLE draw_entries (
	campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
	rank INTEGER NOT NULL,
	user_id BIGINT NOT NULL REFERENCES users(id),
	handle TEXT NOT NULL,
	ticket TEXT NOT NULL,
	PRIMARY KEY (campaign_id, rank),
	UNIQUE (campaign_id, user_id)
);

CREATE TABLE awards (
	id {{id}},
	campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
	prize_id BIGINT NOT NULL REFERENCES prizes(id),
	user_id BIGINT NOT NULL REFERENCES users(id),
	rank INTEGER NOT NULL,
	status TEXT NOT NULL CHECK (status IN
		('won','declined','shipped','delivered')),
	tracking TEXT,
	replaces_rank INTEGER,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (campaign_id, rank)
);
