-- Positive energy: member-founded groups, their daily rituals and posts.
CREATE TABLE grp (
	id {{id}},
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	founder_id BIGINT NOT NULL REFERENCES users(id),
	policy TEXT NOT NULL CHECK (policy IN ('open','approval','invite')),
	city TEXT,
	industry TEXT,
	about TEXT,
	tz TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE grp_members (
	id {{id}},
	group_id BIGINT NOT NULL REFERENCES grp(id),
	user_id BIGINT NOT NULL REFERENCES users(id),
	role TEXT NOT NULL CHECK (role IN ('founder','admin','member')),
	status TEXT NOT NULL CHECK (status IN
		('active','pending','banned','left','removed')),
	joined_at TEXT,
	updated_at TEXT NOT NULL,
	UNIQUE (group_id, user_id)
);

CREATE TABLE grp_activities (
	id {{id}},
	group_id BIGINT NOT NULL REFERENCES grp(id),
	kind TEXT NOT NULL CHECK (kind IN ('daily-reflection','daily-topic',
		'daily-star','weekend-photos')),
	created_at TEXT NOT NULL,
	UNIQUE (group_id, kind)
);

-- Days are the group's local dates, YYYY-MM-DD.
CREATE TABLE grp_topics (
	id {{id}},
	group_id BIGINT NOT NULL REFERENCES grp(id),
	day TEXT NOT NULL,
	text TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (group_id, day)
);

CREATE TABLE grp_stars (
	id {{id}},
	group_id BIGINT NOT NULL REFERENCES grp(id),
	day TEXT NOT NULL,
	user_id BIGINT NOT NULL REFERENCES users(id),
	status TEXT NOT NULL CHECK (status IN ('star','skipped')),
	created_at TEXT NOT NULL,
	UNIQUE (group_id, day, user_id)
);

CREATE TABLE posts (
	id {{id}},
	group_id BIGINT NOT NULL REFERENCES grp(id),
	author_id BIGINT NOT NULL REFERENCES users(id),
	kind TEXT NOT NULL CHECK (kind IN ('reflection','topic','star','photo',
		'note','reply')),
	day TEXT NOT NULL,
	parent_id BIGINT REFERENCES posts(id),
	body TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT
);
CREATE INDEX posts_feed ON posts (group_id, id);
CREATE INDEX posts_author ON posts (author_id, kind, day);

CREATE TABLE cheers (
	id {{id}},
	post_id BIGINT NOT NULL REFERENCES posts(id),
	user_id BIGINT NOT NULL REFERENCES users(id),
	created_at TEXT NOT NULL,
	UNIQUE (post_id, user_id)
);
CREATE INDEX cheers_user ON cheers (user_id);
