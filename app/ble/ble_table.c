/* A table of devices kept sorted by signal. An update moves one row to its
 * place (a few memmoves), so hundreds of devices changing RSSI stay cheap. */
#include <stdlib.h>
#include <string.h>

#include "app/ble/ble_table.h"

void ds_ble_table_init(ds_ble_table *t)
{
	memset(t, 0, sizeof *t);
}

void ds_ble_table_clear(ds_ble_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->rows[i]);
	free(t->rows);
	ds_ble_table_init(t);
}

bool ds_ble_device_before(const ds_ble_device *a, const ds_ble_device *b)
{
	bool ra = a->fields & DS_BLE_F_RSSI, rb = b->fields & DS_BLE_F_RSSI;
	int c;

	if (ra != rb)
		return ra;
	if (ra && a->rssi != b->rssi)
		return a->rssi > b->rssi;
	c = strcmp(a->address, b->address);
	if (c != 0)
		return c < 0;
	return strcmp(a->path, b->path) < 0;
}

long ds_ble_table_find(const ds_ble_table *t, const char *path)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->rows[i]->path, path) == 0)
			return (long)i;
	return -1;
}

/** Moves row i to its sorted place. */
static void ds_ble_table_settle(ds_ble_table *t, size_t i)
{
	ds_ble_device *row = t->rows[i];
	size_t j = i;

	while (j > 0 && ds_ble_device_before(row, t->rows[j - 1]))
		j--;
	if (j == i)
		while (j + 1 < t->n && ds_ble_device_before(t->rows[j + 1], row))
			j++;
	if (j < i)
		memmove(&t->rows[j + 1], &t->rows[j], (i - j) * sizeof *t->rows);
	else if (j > i)
		memmove(&t->rows[i], &t->rows[i + 1], (j - i) * sizeof *t->rows);
	t->rows[j] = row;
}

/** Appends a new empty row for path; NULL when out of memory. */
static ds_ble_device *ds_ble_table_append(ds_ble_table *t, const char *path)
{
	ds_ble_device *row;

	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 32;
		ds_ble_device **rows = realloc(t->rows, cap * sizeof *rows);

		if (!rows)
			return NULL;
		t->rows = rows;
		t->cap = cap;
	}
	row = malloc(sizeof *row);
	if (!row)
		return NULL;
	ds_ble_device_init(row);
	memcpy(row->path, path, sizeof row->path);
	t->rows[t->n++] = row;
	return row;
}

/** Index of the row for path, appended (empty) when new; -1 when out of memory. */
static long ds_ble_table_slot(ds_ble_table *t, const char *path, bool *added)
{
	long i = ds_ble_table_find(t, path);

	*added = i < 0;
	if (i >= 0)
		return i;
	return ds_ble_table_append(t, path) ? (long)t->n - 1 : -1;
}

ds_ble_device *ds_ble_table_update(ds_ble_table *t, const ds_ble_device *update, bool *added)
{
	bool is_new;
	long i = ds_ble_table_slot(t, update->path, &is_new);

	if (added)
		*added = is_new;
	if (i < 0)
		return NULL;
	ds_ble_device_merge(t->rows[i], update);
	ds_ble_table_settle(t, (size_t)i);
	return t->rows[ds_ble_table_find(t, update->path)];
}

ds_ble_device *ds_ble_table_put(ds_ble_table *t, const ds_ble_device *dev)
{
	bool is_new;
	long i = ds_ble_table_slot(t, dev->path, &is_new);

	if (i < 0)
		return NULL;
	*t->rows[i] = *dev;
	ds_ble_table_settle(t, (size_t)i);
	return t->rows[ds_ble_table_find(t, dev->path)];
}

bool ds_ble_table_remove(ds_ble_table *t, const char *path)
{
	long i = ds_ble_table_find(t, path);

	if (i < 0)
		return false;
	free(t->rows[i]);
	memmove(&t->rows[i], &t->rows[i + 1], (t->n - (size_t)i - 1) * sizeof *t->rows);
	t->n--;
	return true;
}

void ds_ble_table_remove_under(ds_ble_table *t, const char *prefix)
{
	size_t len = strlen(prefix), kept = 0;

	for (size_t i = 0; i < t->n; i++) {
		if (strncmp(t->rows[i]->path, prefix, len) == 0 &&
		    (t->rows[i]->path[len] == '/' || t->rows[i]->path[len] == '\0'))
			free(t->rows[i]);
		else
			t->rows[kept++] = t->rows[i];
	}
	t->n = kept;
}
