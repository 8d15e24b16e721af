// SPDX-License-Identifier: GPL-2.0
/*
 * The HTML of kmembench's pages (html.h): escaping, figures for people, and the parts of a page
 * that do not depend on what it shows: its head with the one style sheet, for the report and
 * for compare alike, and its foot with the script that checks the images.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

void html_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			putc(*s, f);
		}
	}
}

void html_textf(FILE *f, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	html_text(f, buf);
}

/* @digits grouped by thousands with commas */
static void group_thousands(const char *digits, char *buf, size_t size)
{
	size_t len = strlen(digits), n = 0;

	for (size_t i = 0; i < len && n + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			buf[n++] = ',';
		buf[n++] = digits[i];
	}
	buf[n] = '\0';
}

/*
 * Whole numbers, and anything from 100 up, as whole numbers with thousands grouped; smaller
 * fractions with three significant digits, which is what the measurements carry.
 */
const char *html_number(double v, char *buf, size_t size)
{
	char digits[32];

	if (!isfinite(v)) {
		snprintf(buf, size, "%g", v);
		return buf;
	}
	if (fabs(v) < 100 && v != floor(v)) {
		snprintf(buf, size, "%.3g", v);
		return buf;
	}
	if (fabs(v) >= 1e18) {
		snprintf(buf, size, "%.3g", v);
		return buf;
	}
	snprintf(digits, sizeof(digits), "%.0f", fabs(v));
	buf[0] = '\0';
	if (v < 0 && size > 1) {
		buf[0] = '-';
		group_thousands(digits, buf + 1, size - 1);
	} else {
		group_thousands(digits, buf, size);
	}
	return buf;
}

const char *html_bytes(double v, char *buf, size_t size)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;

	while (fabs(v) >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	snprintf(buf, size, v == floor(v) ? "%.0f %s" : "%.3g %s", v, units[u]);
	return buf;
}

static const char style[] =
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1d1d1f;"
	"max-width:1320px;margin:0 auto;padding:0 1.5em 3em}\n"
	"h1{font-size:1.6em;margin:1.2em 0 .2em}\n"
	"h2{font-size:1.3em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2.2em}\n"
	"h3{font-size:1.05em;margin:1.4em 0 .4em}\n"
	"nav{margin:.8em 0 1.2em}nav a{margin-right:1.1em}\n"
	"table{border-collapse:collapse;margin:.6em 0;font-size:.92em}\n"
	"th,td{border:1px solid #d4d4d4;padding:.25em .6em;text-align:right;vertical-align:top}\n"
	"th{background:#f1f1f1;font-weight:600}th.s,td.s{text-align:left}\n"
	"td.lead{font-weight:700;background:#e3f2e6}td.none{color:#999;text-align:center}\n"
	"table.meta td{text-align:left;max-width:64em;overflow-wrap:anywhere}\n"
	"small{color:#555;font-weight:400}\n"
	".box{border:1px solid #d9a400;background:#fff8e1;border-radius:6px;padding:.4em 1.2em;"
	"margin:1em 0}\n"
	".box h2{border:0;margin-top:.4em}\n"
	".missing{color:#8a1c1c;font-style:italic}.note{color:#444;font-size:.92em}\n"
	"#broken{border:1px solid #b00020;background:#fdecee;padding:.5em 1em;border-radius:6px}\n"
	"figure{margin:1.2em 0}figure img{max-width:100%;height:auto;border:1px solid #e2e2e2}\n"
	"figcaption{font-size:.9em;color:#444;margin-top:.3em}\n"
	"footer{margin-top:3em;font-size:.85em;color:#666}\n"
	/* kmembench compare's table: its rows coloured by verdict */
	".kmem-compare table{font-size:.92em}\n"
	".kmem-compare th,.kmem-compare td{text-align:left;white-space:nowrap}\n"
	".kmem-compare .num{text-align:right;font-variant-numeric:tabular-nums}\n"
	".kmem-compare tr.faster td.verdict{color:#070;font-weight:700}\n"
	".kmem-compare tr.slower td.verdict{color:#b00;font-weight:700}\n"
	".kmem-compare tr.differs td.verdict{color:#b60;font-weight:700}\n"
	".kmem-compare tr.only td{color:#777}\n";

void html_page_begin(FILE *f, const char *title, bool check_images)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	      f);
	html_text(f, title);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n", style);
	if (check_images)
		fputs("<body data-images=\"pending\">\n<p id=\"broken\" hidden></p>\n", f);
	else
		fputs("<body>\n", f);
}

/*
 * Once the page has loaded, body[data-images] says "loaded N" when every image was decoded, or
 * "missing: FILE ..." when one was not (and the box at the top then says so too): the test of
 * the report reads it back from a headless browser, a reader sees the box.
 */
static const char image_check[] =
	"<script>\n"
	"window.addEventListener('load', function () {\n"
	"\tvar bad = [], imgs = document.images;\n"
	"\tfor (var i = 0; i < imgs.length; i++)\n"
	"\t\tif (!imgs[i].complete || !imgs[i].naturalWidth)\n"
	"\t\t\tbad.push(imgs[i].getAttribute('src'));\n"
	"\tdocument.body.setAttribute('data-images',\n"
	"\t\tbad.length ? 'missing: ' + bad.join(' ') : 'loaded ' + imgs.length);\n"
	"\tif (bad.length) {\n"
	"\t\tvar p = document.getElementById('broken');\n"
	"\t\tp.textContent = bad.length + ' image(s) could not be shown: ' + bad.join(', ');\n"
	"\t\tp.hidden = false;\n"
	"\t}\n"
	"});\n"
	"</script>\n";

void html_page_end(FILE *f, bool check_images)
{
	fprintf(f, "%s</body>\n</html>\n", check_images ? image_check : "");
}
