/*
 * genmembers - write N synthetic community members, deterministically.
 *
 *	genmembers [--tsv] N [SEED]
 *
 * Without --tsv each member is one JSON object per line, the input of
 * `gx-user add`:
 *
 *	{"handle":"wangwei.2bi","name":"王伟","phone":"13812345678",
 *	 "city":"Shanghai","industry":"sales","company":"Huaxin Trading",
 *	 "title":"Account Manager","employed":true}
 *
 * With --tsv the same members are written as tab-separated values for the
 * baseline: handle, name, phone in E.164 form (+8613812345678), city,
 * industry, company, title, employed (0/1).  Members without a job have no
 * company and no title (keys left out; empty TSV fields).
 *
 * Row i depends only on SEED and i, so the first rows of a large run are the
 * rows of a small one.  Handles and phone numbers are unique by
 * construction: a handle ends in a separator and the row index in base 36,
 * and a phone number is a bijective permutation (a Feistel network with
 * cycle walking) of the index over the whole mobile number space.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SEED	20160401ULL
#define LINE_MAX_LEN	1024

struct pick {
	const char *s;		/* what is written */
	const char *py;		/* pinyin, for handles (names only) */
	unsigned w;		/* relative weight */
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The most common surnames, weighted roughly by frequency (per 10000). */
static const struct pick surnames[] = {
	{ "李", "li", 794 }, { "王", "wang", 741 }, { "张", "zhang", 707 },
	{ "刘", "liu", 538 }, { "陈", "chen", 453 }, { "杨", "yang", 308 },
	{ "赵", "zhao", 229 }, { "黄", "huang", 223 }, { "周", "zhou", 212 },
	{ "吴", "wu", 205 }, { "徐", "xu", 167 }, { "孙", "sun", 154 },
	{ "胡", "hu", 131 }, { "朱", "zhu", 126 }, { "高", "gao", 121 },
	{ "林", "lin", 118 }, { "何", "he", 117 }, { "郭", "guo", 115 },
	{ "马", "ma", 105 }, { "罗", "luo", 86 }, { "梁", "liang", 85 },
	{ "宋", "song", 81 }, { "郑", "zheng", 78 }, { "谢", "xie", 72 },
	{ "韩", "han", 68 }, { "唐", "tang", 65 }, { "冯", "feng", 64 },
	{ "于", "yu", 62 }, { "董", "dong", 60 }, { "萧", "xiao", 59 },
	{ "程", "cheng", 57 }, { "曹", "cao", 57 }, { "袁", "yuan", 54 },
	{ "邓", "deng", 54 }, { "许", "xu", 54 }, { "傅", "fu", 51 },
	{ "沈", "shen", 50 }, { "曾", "zeng", 50 }, { "彭", "peng", 49 },
	{ "吕", "lv", 47 }, { "苏", "su", 46 }, { "卢", "lu", 46 },
	{ "蒋", "jiang", 45 }, { "蔡", "cai", 44 }, { "贾", "jia", 42 },
	{ "丁", "ding", 41 }, { "魏", "wei", 40 }, { "薛", "xue", 39 },
	{ "叶", "ye", 39 }, { "阎", "yan", 38 }, { "余", "yu", 38 },
	{ "潘", "pan", 37 }, { "杜", "du", 36 }, { "戴", "dai", 35 },
	{ "夏", "xia", 35 }, { "钟", "zhong", 34 }, { "汪", "wang", 34 },
	{ "田", "tian", 33 }, { "任", "ren", 33 }, { "姜", "jiang", 32 },
	{ "范", "fan", 31 }, { "方", "fang", 31 }, { "石", "shi", 30 },
	{ "姚", "yao", 30 }, { "谭", "tan", 29 }, { "廖", "liao", 29 },
	{ "邹", "zou", 28 }, { "熊", "xiong", 28 }, { "金", "jin", 27 },
	{ "陆", "lu", 27 }, { "郝", "hao", 26 }, { "孔", "kong", 25 },
	{ "白", "bai", 25 }, { "崔", "cui", 24 }, { "康", "kang", 24 },
	{ "毛", "mao", 23 }, { "邱", "qiu", 23 }, { "秦", "qin", 22 },
	{ "江", "jiang", 22 }, { "史", "shi", 21 }, { "顾", "gu", 21 },
	{ "侯", "hou", 20 }, { "邵", "shao", 20 }, { "孟", "meng", 19 },
	{ "龙", "long", 19 }, { "万", "wan", 18 }, { "段", "duan", 18 },
	{ "欧阳", "ouyang", 6 }, { "司马", "sima", 2 }, { "诸葛", "zhuge", 1 },
};

/* Characters of given names. */
static const struct pick given[] = {
	{ "伟", "wei", 30 }, { "芳", "fang", 20 }, { "娜", "na", 18 },
	{ "秀", "xiu", 12 }, { "敏", "min", 18 }, { "静", "jing", 20 },
	{ "丽", "li", 18 }, { "强", "qiang", 18 }, { "磊", "lei", 18 },
	{ "军", "jun", 16 }, { "洋", "yang", 16 }, { "勇", "yong", 15 },
	{ "艳", "yan", 14 }, { "杰", "jie", 16 }, { "娟", "juan", 12 },
	{ "涛", "tao", 14 }, { "明", "ming", 16 }, { "超", "chao", 14 },
	{ "霞", "xia", 10 }, { "平", "ping", 12 }, { "刚", "gang", 12 },
	{ "英", "ying", 10 }, { "华", "hua", 14 }, { "玉", "yu", 10 },
	{ "兰", "lan", 8 }, { "文", "wen", 14 }, { "辉", "hui", 12 },
	{ "建", "jian", 12 }, { "国", "guo", 12 }, { "红", "hong", 10 },
	{ "萍", "ping", 8 }, { "鹏", "peng", 12 }, { "飞", "fei", 12 },
	{ "斌", "bin", 10 }, { "宇", "yu", 14 }, { "浩", "hao", 14 },
	{ "凯", "kai", 10 }, { "健", "jian", 10 }, { "俊", "jun", 12 },
	{ "帆", "fan", 8 }, { "帅", "shuai", 8 }, { "旭", "xu", 8 },
	{ "宁", "ning", 8 }, { "龙", "long", 8 }, { "林", "lin", 8 },
	{ "欣", "xin", 12 }, { "怡", "yi", 12 }, { "晨", "chen", 10 },
	{ "雪", "xue", 10 }, { "梅", "mei", 8 }, { "琳", "lin", 10 },
	{ "颖", "ying", 10 }, { "婷", "ting", 12 }, { "倩", "qian", 10 },
	{ "博", "bo", 10 }, { "阳", "yang", 10 }, { "思", "si", 10 },
	{ "佳", "jia", 12 }, { "子", "zi", 12 }, { "嘉", "jia", 10 },
	{ "雨", "yu", 10 }, { "轩", "xuan", 10 }, { "晓", "xiao", 12 },
	{ "海", "hai", 10 }, { "波", "bo", 8 }, { "东", "dong", 10 },
	{ "慧", "hui", 10 }, { "志", "zhi", 10 }, { "云", "yun", 8 },
	{ "亮", "liang", 8 }, { "一", "yi", 8 }, { "诗", "shi", 8 },
	{ "梓", "zi", 8 }, { "涵", "han", 10 }, { "睿", "rui", 8 },
	{ "泽", "ze", 8 }, { "昊", "hao", 8 }, { "然", "ran", 8 },
	{ "琪", "qi", 8 }, { "瑶", "yao", 8 }, { "欢", "huan", 6 },
	{ "峰", "feng", 10 }, { "成", "cheng", 8 }, { "春", "chun", 6 },
	{ "金", "jin", 6 }, { "丹", "dan", 8 }, { "新", "xin", 6 },
};

static const struct pick cities[] = {
	{ "Shanghai", NULL, 140 }, { "Beijing", NULL, 140 },
	{ "Shenzhen", NULL, 100 }, { "Guangzhou", NULL, 90 },
	{ "Hangzhou", NULL, 70 }, { "Chengdu", NULL, 70 },
	{ "Wuhan", NULL, 50 }, { "Nanjing", NULL, 50 },
	{ "Chongqing", NULL, 50 }, { "Xi'an", NULL, 40 },
	{ "Suzhou", NULL, 40 }, { "Tianjin", NULL, 40 },
	{ "Changsha", NULL, 30 }, { "Zhengzhou", NULL, 30 },
	{ "Qingdao", NULL, 30 }, { "Xiamen", NULL, 20 },
	{ "Dalian", NULL, 20 }, { "Shenyang", NULL, 20 },
	{ "Hefei", NULL, 20 }, { "Kunming", NULL, 20 },
	{ "Ningbo", NULL, 20 }, { "Jinan", NULL, 20 },
	{ "Fuzhou", NULL, 10 }, { "Harbin", NULL, 10 },
};

/*
 * Industries; each has its company suffixes and titles at ind * NSUFFIX and
 * ind * NTITLE in the tables below, in the same order.
 */
static const struct pick industries[] = {
	{ "sales", NULL, 180 }, { "internet", NULL, 120 },
	{ "finance", NULL, 100 }, { "manufacturing", NULL, 100 },
	{ "education", NULL, 70 }, { "healthcare", NULL, 70 },
	{ "real-estate", NULL, 60 }, { "consulting", NULL, 60 },
	{ "logistics", NULL, 60 }, { "media", NULL, 50 },
	{ "retail", NULL, 70 }, { "automotive", NULL, 40 },
	{ "energy", NULL, 20 },
};

#define NSUFFIX	3
static const char *const suffixes[] = {
	"Trading", "Commerce", "Sales & Marketing",
	"Technology", "Network", "Digital",
	"Capital", "Securities", "Insurance",
	"Industrial", "Machinery", "Electronics",
	"Education", "Academy", "Training",
	"Pharmaceutical", "Medical", "Health",
	"Properties", "Real Estate", "Land",
	"Consulting", "Advisory", "Management Consulting",
	"Logistics", "Express", "Supply Chain",
	"Media", "Culture", "Film",
	"Retail", "Mart", "Department Store",
	"Motors", "Auto Parts", "Automotive",
	"Energy", "Power", "New Energy",
};

#define NTITLE	5
static const char *const titles[] = {
	"Sales Representative", "Account Manager", "Sales Manager",
	"Key Account Manager", "Regional Sales Director",
	"Software Engineer", "Product Manager", "Operations Specialist",
	"Data Analyst", "Engineering Manager",
	"Financial Analyst", "Investment Manager", "Accountant",
	"Risk Manager", "Wealth Advisor",
	"Production Engineer", "Quality Manager", "Plant Manager",
	"Purchasing Manager", "Process Engineer",
	"Teacher", "Course Consultant", "Academic Director",
	"Training Manager", "Enrollment Advisor",
	"Physician", "Nurse", "Medical Representative",
	"Pharmacist", "Hospital Administrator",
	"Property Consultant", "Project Manager", "Leasing Manager",
	"Sales Director", "Appraiser",
	"Consultant", "Senior Consultant", "Engagement Manager",
	"Partner", "Research Analyst",
	"Logistics Coordinator", "Warehouse Manager", "Fleet Manager",
	"Supply Chain Analyst", "Customs Specialist",
	"Editor", "Journalist", "Producer",
	"Content Operator", "Brand Manager",
	"Store Manager", "Merchandiser", "Category Manager",
	"Buyer", "Customer Service Lead",
	"Automotive Engineer", "Dealer Sales Consultant", "After-sales Manager",
	"Product Planner", "Test Engineer",
	"Power Engineer", "Project Engineer", "Safety Manager",
	"Energy Analyst", "Site Manager",
};

/* Titles found in every industry. */
static const char *const generic_titles[] = {
	"General Manager", "Founder", "HR Manager", "Marketing Manager",
	"Administrative Assistant", "Business Development Manager",
	"Finance Manager", "Deputy General Manager",
};

/* Syllables of company brand names (Huaxin, Zhongtai, Dingsheng ...). */
static const char *const brand1[] = {
	"Hua", "Zhong", "Ding", "Da", "Tong", "Heng", "Jin", "Long", "Kai",
	"Yuan", "Ming", "Rui", "Bao", "Fu", "Hong", "Chang", "An", "Tian",
	"Cheng", "Jia", "Guang", "Hai", "Xin", "Sheng", "Tai", "Dong",
	"Nan", "Bei", "Xing", "Yi",
};
static const char *const brand2[] = {
	"xin", "tai", "sheng", "da", "tong", "heng", "feng", "long", "yuan",
	"ming", "rui", "bao", "fu", "hong", "chang", "an", "yu", "cheng",
	"jia", "mei", "guang", "hai", "hui", "kang", "de", "li", "xiang",
	"wei", "ke", "neng",
};

/* Mobile prefixes; the space is prefixes x 10^8 numbers and must fit 2^32. */
static const unsigned short prefixes[] = {
	130, 131, 132, 133, 134, 135, 136, 137, 138, 139,
	145, 147, 150, 151, 152, 153, 155, 156, 157, 158, 159,
	166, 170, 173, 175, 176, 177, 178,
	180, 181, 182, 183, 184, 185, 186, 187, 188, 189,
	191, 198, 199,
};

struct table {
	const struct pick *p;
	size_t n;
	unsigned total;
};

static uint64_t
splitmix64(uint64_t *s)
{
	uint64_t z;

	z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) (n small: the modulo bias is below 2^-40). */
static unsigned
below(uint64_t *s, unsigned n)
{
	return (unsigned)(splitmix64(s) % n);
}

static void
table_init(struct table *t, const struct pick *p, size_t n)
{
	size_t i;

	t->p = p;
	t->n = n;
	t->total = 0;
	for (i = 0; i < n; i++)
		t->total += p[i].w;
}

static const struct pick *
table_pick(const struct table *t, uint64_t *s)
{
	unsigned r;
	size_t i;

	r = below(s, t->total);
	for (i = 0; i + 1 < t->n; i++) {
		if (r < t->p[i].w)
			break;
		r -= t->p[i].w;
	}
	return &t->p[i];
}

/*
 * A bijection of [0, 2^32): a four-round balanced Feistel network with
 * keyed rounds.
 */
static uint32_t
feistel32(uint32_t x, const uint64_t key[4])
{
	uint32_t l, r, t;
	uint64_t s;
	int i;

	l = x >> 16;
	r = x & 0xffff;
	for (i = 0; i < 4; i++) {
		s = key[i] ^ r;
		t = l ^ (uint32_t)(splitmix64(&s) & 0xffff);
		l = r;
		r = t;
	}
	return (l << 16) | r;
}

/* A bijection of [0, m) for m <= 2^32, by cycle walking. */
static uint32_t
permute(uint32_t x, uint32_t m, const uint64_t key[4])
{
	do
		x = feistel32(x, key);
	while (x >= m);
	return x;
}

struct buf {
	char b[LINE_MAX_LEN];
	size_t n;
};

static void
put(struct buf *b, const char *s)
{
	size_t n;

	n = strlen(s);
	if (b->n + n >= sizeof(b->b)) {
		fprintf(stderr, "genmembers: line too long\n");
		exit(70);
	}
	memcpy(b->b + b->n, s, n);
	b->n += n;
}

static void
putc1(struct buf *b, char c)
{
	char s[2];

	s[0] = c;
	s[1] = '\0';
	put(b, s);
}

/* The index in base 36, lowercase. */
static void
base36(char *dst, uint64_t v)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	char tmp[16];
	int n;

	n = 0;
	do {
		tmp[n++] = digits[v % 36];
		v /= 36;
	} while (v != 0);
	while (n > 0)
		*dst++ = tmp[--n];
	*dst = '\0';
}

struct gen {
	struct table surname, given, city, industry;
	uint64_t seed;
	uint64_t key[4];
	uint32_t space;		/* number of phone numbers */
};

struct member {
	char handle[64];
	char name[32];
	char phone[16];
	const char *city;
	const char *industry;
	char company[64];
	const char *title;
	int employed;
};

static void
gen_init(struct gen *g, uint64_t seed)
{
	uint64_t s;
	int i;

	table_init(&g->surname, surnames, NELEM(surnames));
	table_init(&g->given, given, NELEM(given));
	table_init(&g->city, cities, NELEM(cities));
	table_init(&g->industry, industries, NELEM(industries));
	g->seed = seed;
	s = seed ^ 0x5eed5eed5eed5eedULL;
	for (i = 0; i < 4; i++)
		g->key[i] = splitmix64(&s);
	g->space = (uint32_t)NELEM(prefixes) * 100000000U;
}

static void
gen_member(const struct gen *g, uint64_t i, struct member *m)
{
	const struct pick *sn, *g1, *g2;
	const char *sep;
	char idx[16], stem[40];
	uint64_t s;
	uint32_t p;
	unsigned ind, form, b1, b2;

	/*
	 * Each row has its own stream, started at a hash of (seed, i), so row
	 * i is the same for every N and rows are not shifted copies.
	 */
	s = g->seed ^ (i * 0xd1342543de82ef95ULL);
	s = splitmix64(&s);

	sn = table_pick(&g->surname, &s);
	g1 = table_pick(&g->given, &s);
	g2 = below(&s, 100) < 60 ? table_pick(&g->given, &s) : NULL;
	snprintf(m->name, sizeof(m->name), "%s%s%s", sn->s, g1->s,
	    g2 != NULL ? g2->s : "");

	/* Handle: a pinyin stem, a separator, the index in base 36. */
	form = below(&s, 10);
	if (form < 5)
		snprintf(stem, sizeof(stem), "%s%s%s", sn->py, g1->py,
		    g2 != NULL ? g2->py : "");
	else if (form < 8)
		snprintf(stem, sizeof(stem), "%s%s.%s", g1->py,
		    g2 != NULL ? g2->py : "", sn->py);
	else
		snprintf(stem, sizeof(stem), "%c%s", g1->py[0], sn->py);
	sep = below(&s, 4) == 0 ? "_" : ".";
	base36(idx, i);
	snprintf(m->handle, sizeof(m->handle), "%s%s%s", stem, sep, idx);

	p = permute((uint32_t)i, g->space, g->key);
	snprintf(m->phone, sizeof(m->phone), "%u%08u",
	    (unsigned)prefixes[p / 100000000U], (unsigned)(p % 100000000U));

	m->city = table_pick(&g->city, &s)->s;
	ind = (unsigned)(table_pick(&g->industry, &s) - industries);
	m->industry = industries[ind].s;
	m->employed = below(&s, 100) < 85;

	/* Brands are skewed: a few big employers, a long tail. */
	b1 = below(&s, NELEM(brand1));
	b2 = below(&s, NELEM(brand1));
	b1 = b1 < b2 ? b1 : b2;
	b2 = below(&s, NELEM(brand2));
	snprintf(m->company, sizeof(m->company), "%s%s %s%s", brand1[b1],
	    brand2[b2], suffixes[ind * NSUFFIX + below(&s, NSUFFIX)],
	    below(&s, 10) == 0 ? " Group" : "");
	if (below(&s, 100) < 80)
		m->title = titles[ind * NTITLE + below(&s, NTITLE)];
	else
		m->title = generic_titles[below(&s, NELEM(generic_titles))];
}

static void
json_field(struct buf *b, const char *key, const char *val, int first)
{
	/* The tables hold no '"', '\\' or control characters. */
	if (!first)
		putc1(b, ',');
	putc1(b, '"');
	put(b, key);
	put(b, "\":\"");
	put(b, val);
	putc1(b, '"');
}

static void
write_json(struct buf *b, const struct member *m)
{
	putc1(b, '{');
	json_field(b, "handle", m->handle, 1);
	json_field(b, "name", m->name, 0);
	json_field(b, "phone", m->phone, 0);
	json_field(b, "city", m->city, 0);
	json_field(b, "industry", m->industry, 0);
	if (m->employed) {
		json_field(b, "company", m->company, 0);
		json_field(b, "title", m->title, 0);
	}
	if (m->employed)
		put(b, ",\"employed\":true}\n");
	else
		put(b, ",\"employed\":false}\n");
}

static void
write_tsv(struct buf *b, const struct member *m)
{
	put(b, m->handle);
	putc1(b, '\t');
	put(b, m->name);
	put(b, "\t+86");
	put(b, m->phone);
	putc1(b, '\t');
	put(b, m->city);
	putc1(b, '\t');
	put(b, m->industry);
	putc1(b, '\t');
	if (m->employed)
		put(b, m->company);
	putc1(b, '\t');
	if (m->employed)
		put(b, m->title);
	put(b, m->employed ? "\t1\n" : "\t0\n");
}

static void
usage(void)
{
	fprintf(stderr, "usage: genmembers [--tsv] N [SEED]\n");
	exit(64);
}

static uint64_t
number(const char *s, const char *what)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0) {
		fprintf(stderr, "genmembers: error: bad %s '%s'\n", what, s);
		exit(64);
	}
	return (uint64_t)v;
}

int
main(int argc, char *argv[])
{
	static char obuf[1 << 20];
	struct gen g;
	struct member m;
	struct buf b;
	uint64_t n, i, seed;
	int tsv, ai;

	tsv = 0;
	ai = 1;
	if (ai < argc && (strcmp(argv[ai], "--tsv") == 0 ||
	    strcmp(argv[ai], "-t") == 0)) {
		tsv = 1;
		ai++;
	}
	if (argc - ai < 1 || argc - ai > 2)
		usage();
	n = number(argv[ai], "count");
	seed = argc - ai == 2 ? number(argv[ai + 1], "seed") : DEFAULT_SEED;

	gen_init(&g, seed);
	if (n > g.space) {
		fprintf(stderr, "genmembers: error: at most %" PRIu32
		    " members\n", g.space);
		exit(64);
	}
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	for (i = 0; i < n; i++) {
		gen_member(&g, i, &m);
		b.n = 0;
		if (tsv)
			write_tsv(&b, &m);
		else
			write_json(&b, &m);
		if (fwrite(b.b, 1, b.n, stdout) != b.n)
			break;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("genmembers: error: stdout");
		return 74;
	}
	return 0;
}
