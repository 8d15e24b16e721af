/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one HTML writer of the pages kmembench writes (`report`, `compare --html`): text escaped
 * for elements and attribute values, figures for people, and a page's head with the one style
 * sheet and its foot. The pages are self-contained: inline style and script, images beside them
 * by relative name, nothing fetched from anywhere else, so they work offline and as e-mail
 * attachments.
 */
#ifndef _KMEM_PLOTS_HTML_H
#define _KMEM_PLOTS_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/**
 * html_text - write @s to @f with &, <, >, " and ' escaped, for text and attribute values
 * @f: the page
 * @s: the text
 */
void html_text(FILE *f, const char *s);
/**
 * html_textf - printf to @f, escaped as html_text() escapes
 * @f: the page
 * @fmt: printf format
 */
void html_textf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/**
 * html_number - a figure for people: "1,234,567", "35.3", "0.212"
 * @v: the figure
 * @buf: receives the text
 * @size: size of @buf
 *
 * Return: @buf.
 */
const char *html_number(double v, char *buf, size_t size);
/**
 * html_bytes - a size for people: "4 KiB", "1.5 MiB"
 * @v: the size in bytes
 * @buf: receives the text
 * @size: size of @buf
 *
 * Return: @buf.
 */
const char *html_bytes(double v, char *buf, size_t size);
/**
 * html_page_begin - the page up to the body: doctype, head, the style sheet
 * @f: the page
 * @title: its title, plain text
 * @check_images: the page has images, which html_page_end()'s script checks; the body then
 *                starts with the paragraph that script fills when one could not be shown
 */
void html_page_begin(FILE *f, const char *title, bool check_images);
/**
 * html_page_end - the end of the page
 * @f: the page
 * @check_images: as given to html_page_begin(): adds the script that checks the images
 */
void html_page_end(FILE *f, bool check_images);

#endif
