#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Carry the subject and text of an old cover letter into a new one.

git format-patch --cover-letter writes "*** SUBJECT HERE ***" and
"*** BLURB HERE ***"; the hand-written subject and text live in the cover
letter already in patches/. This puts them into the new letter, whose
shortlog and diffstat are fresh.

usage: cover_letter.py OLD NEW   (NEW is rewritten in place)
"""
import re
import sys

SHORTLOG = re.compile(r'^\S.* \(\d+\):$')


def subject(text):
	m = re.search(r'^Subject: \[PATCH[^\]]*\] (.*(?:\n .*)*)', text, re.M)
	return m.group(1) if m else None


def blurb(text):
	"""The text between the mail headers and the shortlog."""
	body = text.split('\n\n', 1)[1]
	lines = body.split('\n')
	for i, line in enumerate(lines):
		if SHORTLOG.match(line):
			return '\n'.join(lines[:i]).rstrip('\n')
	return body.rstrip('\n')


def main(old_path, new_path):
	old = open(old_path).read()
	new = open(new_path).read()
	old_subject = subject(old)
	if old_subject and '*** SUBJECT HERE ***' not in old_subject:
		new = new.replace('*** SUBJECT HERE ***', old_subject, 1)
	old_blurb = blurb(old)
	if '*** BLURB HERE ***' not in old_blurb:
		new = new.replace('*** BLURB HERE ***', old_blurb, 1)
	open(new_path, 'w').write(new)


if __name__ == '__main__':
	main(*sys.argv[1:3])
