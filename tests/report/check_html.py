#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Strict checks of a `kmembench report` page, for tests/report_test.sh.

check_html.py PAGE.html

The page must be UTF-8 and start with <!DOCTYPE html>; every element other than a void one
(img, br, meta, ...) must be closed explicitly and in order, with no stray end tag; ids must be
unique and every href="#id" must name one; every other src= or href= must name a file that
exists next to the page (no absolute path, no "..") and nothing may point to the network
(http://, https://, or a protocol-relative //). Prints the number of images on success (the
test compares it with what the browser loaded); on failure prints each problem, exit status 1.
"""
import html.parser
import os
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.problems = []
        self.ids = set()
        self.anchors = []
        self.refs = []
        self.images = 0
        self.doctype = False

    def where(self):
        line, col = self.getpos()
        return f"line {line}, column {col + 1}"

    def handle_decl(self, decl):
        if decl.lower() == "doctype html":
            self.doctype = True

    def handle_starttag(self, tag, attrs):
        self.check_attrs(tag, attrs)
        if tag not in VOID:
            self.stack.append((tag, self.where()))

    def handle_startendtag(self, tag, attrs):
        self.check_attrs(tag, attrs)
        if tag not in VOID:
            self.problems.append(f"{self.where()}: <{tag}/> is not a void element")

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append(f"{self.where()}: end tag of void element </{tag}>")
        elif not self.stack:
            self.problems.append(f"{self.where()}: </{tag}> closes nothing")
        elif self.stack[-1][0] != tag:
            open_tag, at = self.stack[-1]
            self.problems.append(f"{self.where()}: </{tag}> closes <{open_tag}> of {at}")
            # resynchronise on the matching element, if any, to report further problems once
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == tag:
                    del self.stack[i:]
                    break
        else:
            self.stack.pop()

    def check_attrs(self, tag, attrs):
        names = [name for name, _ in attrs]
        for name in set(names):
            if names.count(name) > 1:
                self.problems.append(f"{self.where()}: <{tag}> has {name}= twice")
        for name, value in attrs:
            if value is None:
                value = ""
            if name == "id":
                if value in self.ids:
                    self.problems.append(f"{self.where()}: id '{value}' used twice")
                self.ids.add(value)
            if name in ("src", "href"):
                if value.startswith("#"):
                    self.anchors.append((value[1:], self.where()))
                else:
                    self.refs.append((value, self.where()))
        if tag == "img":
            self.images += 1
            if not dict(attrs).get("alt"):
                self.problems.append(f"{self.where()}: <img> without alt text")


def main():
    if len(sys.argv) != 2:
        print("usage: check_html.py PAGE.html", file=sys.stderr)
        return 2
    page = sys.argv[1]
    base = os.path.dirname(os.path.abspath(page))
    with open(page, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"{page}: not UTF-8: {e}")
        return 1
    c = Checker()
    c.feed(text)
    c.close()
    problems = c.problems
    if not c.doctype:
        problems.append("no <!DOCTYPE html>")
    for tag, at in c.stack:
        problems.append(f"{at}: <{tag}> is never closed")
    for anchor, at in c.anchors:
        if anchor not in c.ids:
            problems.append(f"{at}: href='#{anchor}' names no id")
    for ref, at in c.refs:
        if "://" in ref or ref.startswith("//") or ref.startswith("/") or ".." in ref:
            problems.append(f"{at}: '{ref}' is not a file next to the page")
        elif not os.path.isfile(os.path.join(base, ref)):
            problems.append(f"{at}: '{ref}' does not exist next to the page")
    for scheme in ("http://", "https://"):
        if scheme in text:
            problems.append(f"the page mentions {scheme}: it must need no network")
    for p in problems:
        print(f"{page}: {p}")
    if problems:
        return 1
    print(c.images)
    return 0


if __name__ == "__main__":
    sys.exit(main())
