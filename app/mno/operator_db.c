/* The operator database, parsed with expat (a streaming parser: the file
 * is read in chunks, no external DTD or entity is ever fetched). */
#include "app/mno/operator_db.h"

#include <errno.h>
#include <expat.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/log.h"

/** Deepest element nesting the parser follows (the file uses 6). */
#define DS_MNO_DEPTH 16

/** One network code of one provider, before codes are merged. */
typedef struct ds_mno_entry {
	ds_mno_operator op;
	int primary;        /**< 2: primary="true", 1: not said, 0: primary="false" */
	size_t n_codes;     /**< network codes of this provider */
	size_t order;       /**< position in the file */
} ds_mno_entry;

struct ds_mno_db {
	ds_mno_operator *ops;
	size_t n;
};

/** What the parser is reading. */
typedef struct ds_mno_parse {
	ds_mno_entry *entries;
	size_t n, cap;
	const char *stack[DS_MNO_DEPTH];  /**< element names (only the known ones) */
	int depth;
	char country[4];
	char country_name[64];
	char provider[96];
	bool provider_named;
	int primary;
	size_t first_entry;               /**< entries of the current provider start here */
	char *text;                       /**< the name being collected, or NULL */
	size_t text_len, text_size;
	bool failed;                      /**< out of memory */
} ds_mno_parse;

const char *ds_mno_db_path(void)
{
	const char *env = getenv(DS_MNO_DB_ENV);

	return env && *env ? env : DS_MNO_DB_PATH;
}

bool ds_mno_mcc_valid(const char *text)
{
	if (!text || strlen(text) != 3)
		return false;
	for (int i = 0; i < 3; i++)
		if (text[i] < '0' || text[i] > '9')
			return false;
	return true;
}

/** True when an MNC is 2 or 3 digits. */
static bool ds_mno_mnc_valid(const char *text)
{
	size_t len = text ? strlen(text) : 0;

	if (len < 2 || len > 3)
		return false;
	for (size_t i = 0; i < len; i++)
		if (text[i] < '0' || text[i] > '9')
			return false;
	return true;
}

/** The value of attribute name, or NULL. */
static const char *ds_mno_attr(const XML_Char **attrs, const char *name)
{
	for (size_t i = 0; attrs[i]; i += 2)
		if (strcmp(attrs[i], name) == 0)
			return attrs[i + 1];
	return NULL;
}

/** True when the element being opened (depth d) sits under parent. */
static bool ds_mno_under(const ds_mno_parse *p, const char *parent)
{
	/* Deeper than the stack: the parent was not recorded, so it is no known one. */
	if (p->depth <= 0 || p->depth > DS_MNO_DEPTH)
		return false;
	return p->stack[p->depth - 1] && strcmp(p->stack[p->depth - 1], parent) == 0;
}

/** Starts collecting the text of a <name> element. */
static void ds_mno_collect(ds_mno_parse *p, char *into, size_t size)
{
	p->text = into;
	p->text_size = size;
	p->text_len = 0;
	into[0] = '\0';
}

/** Records a network code of the current provider. */
static void ds_mno_add_code(ds_mno_parse *p, const char *mcc, const char *mnc)
{
	ds_mno_entry *e;

	if (!ds_mno_mcc_valid(mcc) || !ds_mno_mnc_valid(mnc))
		return;
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 1024;
		ds_mno_entry *grown = realloc(p->entries, cap * sizeof *grown);

		if (!grown) {
			p->failed = true;
			return;
		}
		p->entries = grown;
		p->cap = cap;
	}
	e = &p->entries[p->n];
	memset(e, 0, sizeof *e);
	snprintf(e->op.mcc, sizeof e->op.mcc, "%s", mcc);
	snprintf(e->op.mnc, sizeof e->op.mnc, "%s", mnc);
	snprintf(e->op.country, sizeof e->op.country, "%s", p->country);
	snprintf(e->op.country_name, sizeof e->op.country_name, "%s", p->country_name);
	e->primary = p->primary;
	e->order = p->n++;
}

static void XMLCALL ds_mno_start(void *ctx, const XML_Char *name, const XML_Char **attrs)
{
	ds_mno_parse *p = ctx;
	const char *known = NULL;

	if (strcmp(name, "country") == 0) {
		const char *code = ds_mno_attr(attrs, "code");

		known = "country";
		snprintf(p->country, sizeof p->country, "%s", code ? code : "");
		p->country_name[0] = '\0';
	} else if (strcmp(name, "provider") == 0 && ds_mno_under(p, "country")) {
		const char *primary = ds_mno_attr(attrs, "primary");

		known = "provider";
		p->provider[0] = '\0';
		p->provider_named = false;
		p->primary = !primary ? 1 : strcmp(primary, "true") == 0 ? 2 : 0;
		p->first_entry = p->n;
	} else if (strcmp(name, "gsm") == 0 && ds_mno_under(p, "provider")) {
		known = "gsm";
	} else if (strcmp(name, "network-id") == 0 && ds_mno_under(p, "gsm")) {
		ds_mno_add_code(p, ds_mno_attr(attrs, "mcc"), ds_mno_attr(attrs, "mnc"));
	} else if (strcmp(name, "name") == 0 && !ds_mno_attr(attrs, "xml:lang")) {
		/* The English name (no xml:lang) of a country or a provider. */
		if (ds_mno_under(p, "country") && !p->country_name[0])
			ds_mno_collect(p, p->country_name, sizeof p->country_name);
		else if (ds_mno_under(p, "provider") && !p->provider_named)
			ds_mno_collect(p, p->provider, sizeof p->provider);
	}
	if (p->depth < DS_MNO_DEPTH)
		p->stack[p->depth] = known;
	p->depth++;
}

static void XMLCALL ds_mno_end(void *ctx, const XML_Char *name)
{
	ds_mno_parse *p = ctx;

	p->depth--;
	if (p->text && strcmp(name, "name") == 0) {
		while (p->text_len > 0 && strchr(" \t\r\n", p->text[p->text_len - 1]))
			p->text[--p->text_len] = '\0';
		if (p->text == p->provider)
			p->provider_named = true;
		p->text = NULL;
	} else if (strcmp(name, "provider") == 0 && p->depth < DS_MNO_DEPTH && p->stack[p->depth]) {
		size_t n_codes = p->n - p->first_entry;

		for (size_t i = p->first_entry; i < p->n; i++) {
			snprintf(p->entries[i].op.name, sizeof p->entries[i].op.name, "%s", p->provider);
			p->entries[i].n_codes = n_codes;
		}
	}
}

static void XMLCALL ds_mno_chars(void *ctx, const XML_Char *s, int len)
{
	ds_mno_parse *p = ctx;
	size_t n = (size_t)len;

	if (!p->text || len <= 0)
		return;
	/* Collapse the whitespace around the name as it arrives. */
	if (p->text_len == 0)
		while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
			s++, n--;
	if (p->text_len + n >= p->text_size)
		n = p->text_size - 1 - p->text_len;
	memcpy(p->text + p->text_len, s, n);
	p->text_len += n;
	p->text[p->text_len] = '\0';
}

/** Orders entries by code, then the provider that names the code first. */
static int ds_mno_entry_cmp(const void *a, const void *b)
{
	const ds_mno_entry *x = a, *y = b;
	int c = strcmp(x->op.mcc, y->op.mcc);

	if (c == 0)
		c = strcmp(x->op.mnc, y->op.mnc);
	if (c == 0)
		c = y->primary - x->primary;
	if (c == 0)
		c = (y->n_codes > x->n_codes) - (y->n_codes < x->n_codes);
	if (c == 0)
		c = (x->order > y->order) - (x->order < y->order);
	return c;
}

/** Appends a brand to op unless it is the operator or already listed. */
static void ds_mno_add_brand(ds_mno_operator *op, const char *brand)
{
	size_t used = strlen(op->brands), blen = strlen(brand);
	const char *hit;

	if (!brand[0] || strcmp(op->name, brand) == 0)
		return;
	for (hit = strstr(op->brands, brand); hit; hit = strstr(hit + 1, brand))
		if ((hit == op->brands || hit[-1] == ' ') && (hit[blen] == '\0' || hit[blen] == ','))
			return;
	if (used + blen + 3 < sizeof op->brands)
		snprintf(op->brands + used, sizeof op->brands - used, "%s%s", used ? ", " : "", brand);
}

/** Merges the sorted entries into one operator per code. */
static bool ds_mno_merge(ds_mno_db *db, ds_mno_entry *e, size_t n)
{
	db->ops = calloc(n ? n : 1, sizeof *db->ops);
	if (!db->ops)
		return false;
	for (size_t i = 0; i < n; i++) {
		ds_mno_operator *last = db->n ? &db->ops[db->n - 1] : NULL;

		if (last && strcmp(last->mcc, e[i].op.mcc) == 0 && strcmp(last->mnc, e[i].op.mnc) == 0)
			ds_mno_add_brand(last, e[i].op.name);
		else
			db->ops[db->n++] = e[i].op;
	}
	return true;
}

/** Feeds the file to the parser. 0, or -1 with message. */
static int ds_mno_feed(XML_Parser parser, FILE *f, const char *path, char *message, size_t message_size)
{
	char buf[16384];

	for (;;) {
		size_t got = fread(buf, 1, sizeof buf, f);
		bool last = got < sizeof buf;

		if (ferror(f)) {
			snprintf(message, message_size, _("cannot read the operator database %s: %s"), path, strerror(errno));
			return -1;
		}
		if (XML_Parse(parser, buf, (int)got, last) == XML_STATUS_ERROR) {
			snprintf(message, message_size,
				 _("the operator database %s is damaged (%s at line %lu). Reinstall the package "
				   "mobile-broadband-provider-info."),
				 path, XML_ErrorString(XML_GetErrorCode(parser)),
				 (unsigned long)XML_GetCurrentLineNumber(parser));
			return -1;
		}
		if (last)
			return 0;
	}
}

ds_mno_db *ds_mno_db_load(const char *path, char *message, size_t message_size)
{
	ds_mno_db *db;
	FILE *f = fopen(path, "rb");

	message[0] = '\0';
	if (!f) {
		if (errno == ENOENT)
			snprintf(message, message_size,
				 _("the operator database %s is missing. Install it with \"apt-get install "
				   "mobile-broadband-provider-info\"."), path);
		else
			snprintf(message, message_size, _("cannot open the operator database %s: %s"), path, strerror(errno));
		return NULL;
	}
	db = ds_mno_db_read(f, path, message, message_size);
	fclose(f);
	return db;
}

ds_mno_db *ds_mno_db_read(FILE *f, const char *path, char *message, size_t message_size)
{
	ds_mno_parse p;
	ds_mno_db *db = NULL;
	XML_Parser parser;
	int r;

	message[0] = '\0';
	memset(&p, 0, sizeof p);
	parser = XML_ParserCreate("UTF-8");
	if (!parser) {
		snprintf(message, message_size, "%s", _("out of memory while reading the operator database."));
		return NULL;
	}
	XML_SetUserData(parser, &p);
	XML_SetElementHandler(parser, ds_mno_start, ds_mno_end);
	XML_SetCharacterDataHandler(parser, ds_mno_chars);
	r = ds_mno_feed(parser, f, path, message, message_size);
	XML_ParserFree(parser);
	if (r == 0 && !p.failed && p.n == 0)
		snprintf(message, message_size,
			 _("the operator database %s names no network code. Reinstall the package "
			   "mobile-broadband-provider-info."), path);
	else if (r == 0 && !p.failed) {
		qsort(p.entries, p.n, sizeof *p.entries, ds_mno_entry_cmp);
		db = calloc(1, sizeof *db);
		if (db && !ds_mno_merge(db, p.entries, p.n)) {
			free(db);
			db = NULL;
		}
	}
	if (!db && !message[0])
		snprintf(message, message_size, "%s", _("out of memory while reading the operator database."));
	free(p.entries);
	return db;
}

void ds_mno_db_free(ds_mno_db *db)
{
	if (!db)
		return;
	free(db->ops);
	free(db);
}

size_t ds_mno_db_count(const ds_mno_db *db)
{
	return db ? db->n : 0;
}

const ds_mno_operator *ds_mno_db_at(const ds_mno_db *db, size_t i)
{
	return db && i < db->n ? &db->ops[i] : NULL;
}

/** Compares a key (mcc, mnc) with an operator, for bsearch. */
static int ds_mno_key_cmp(const void *key, const void *elem)
{
	const char *const *k = key;
	const ds_mno_operator *op = elem;
	int c = strcmp(k[0], op->mcc);

	return c ? c : strcmp(k[1], op->mnc);
}

const ds_mno_operator *ds_mno_db_find(const ds_mno_db *db, const char *mcc, const char *mnc)
{
	const char *key[2] = { mcc, mnc };

	if (!db || !mcc || !mnc)
		return NULL;
	return bsearch(key, db->ops, db->n, sizeof *db->ops, ds_mno_key_cmp);
}

const char *ds_mno_db_country(const ds_mno_db *db, const char *mcc)
{
	for (size_t i = 0; db && mcc && i < db->n; i++)
		if (strcmp(db->ops[i].mcc, mcc) == 0 && db->ops[i].country_name[0])
			return db->ops[i].country_name;
	return "";
}

static pthread_once_t ds_mno_once = PTHREAD_ONCE_INIT;
static ds_mno_db *ds_mno_shared;

/** Reads the shared database (once); logs why it cannot. */
static void ds_mno_shared_load(void)
{
	char message[512];

	ds_mno_shared = ds_mno_db_load(ds_mno_db_path(), message, sizeof message);
	if (!ds_mno_shared)
		ds_log(DS_LOG_WARN, "mno", "%s", message);
}

const ds_mno_db *ds_mno_db_shared(void)
{
	pthread_once(&ds_mno_once, ds_mno_shared_load);
	return ds_mno_shared;
}
