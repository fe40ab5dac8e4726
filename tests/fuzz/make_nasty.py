#!/usr/bin/env python3
"""make_nasty.py — writes the hand-made hostile inputs fuzz_smoke.sh replays:
   python3 tests/fuzz/make_nasty.py OUTDIR
Generated rather than committed because most are large and repetitive (deep
nesting, 200 KB words); every byte is invented here, none is third-party text.
Each input aims at one way bad input has broken parsers: dates at the calendar's
edges, JSON escapes for NUL and lone surrogates, nesting past parser limits,
truncated gzip, WARC lengths that are negative or overflow, chunked encodings
that lie, charsets that do not decode, markup thousands of levels deep."""
import gzip
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def w(name, data):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)


# ---- JSON Lines: every line nasty in its own way (ok and ok2 must be coded)
recs = [
    b'{"id":"ok","date":"2022-01-02","text":"Russia accused Ukraine of shelling the town."}',
    b'{"id":"leap","date":"2022-02-29","text":"x"}',
    b'{"id":"y0","date":"0000-01-01","text":"Russia accused Ukraine."}',
    b'{"id":"y9","date":"9999-12-31T23:59:59Z","text":"Russia accused Ukraine yesterday."}',
    b'{"id":"short","date":"2022-1-2","text":"x"}',
    b'{"id":"tz","date":"2022-01-02Tjunk","text":"Russia accused Ukraine."}',
    b'{"id":"nul","date":"2022-01-02","text":"Russia\\u0000accused\\u0000Ukraine."}',
    b'{"id":"surr","date":"2022-01-02","text":"Russia \\ud800 accused \\udfff Ukraine."}',
    b'{"id":"\\u0000","date":"2022-01-02","text":"x"}',
    b'{"id":-9223372036854775808,"date":"2022-01-02","text":"Germany warned France."}',
    b'{"id":1e999,"date":"2022-01-02","text":"x"}',
    b'{"id":"dup","id":"dup2","date":"2022-01-02","text":"x"}',
    b'{"id":"arr","date":["2022-01-02"],"text":"x"}',
    b'{"id":"num","date":20220102,"text":"x"}',
    b'{"id":"txtnum","date":"2022-01-02","text":42}',
    b'{"id":"ttl","date":"2022-01-02","title":{"a":1},"url":7,"source":null,"text":"Iran threatened Israel."}',
    b'[' * 5000 + b']' * 5000,
    b'{"id":"deep","date":"2022-01-02","text":"x","x":' + b'[' * 3000 + b']' * 3000 + b'}',
    b'{"id":"trunc","date":"2022-01-02","text":"Russia',
    b'\xef\xbb\xbf{"id":"bom","date":"2022-01-02","text":"Russia accused Ukraine."}',
    b'{"id":"bad\xff\xfeutf8","date":"2022-01-02","text":"\xc3\x28 Russia \xe2\x82 accused \xf0\x9f Ukraine."}',
    b'\x00\x01\x02\x03\xff\xfe\xfd',
    b'null', b'"just a string"', b'{}', b'{"id":""}',
    b'{"id":"long","date":"2022-01-02","text":"' + b'A' * 70000 + b'"}',
    b'{"id":"dots","date":"2022-01-02","text":"' + b'. ' * 20000 + b'"}',
    b'{"id":"ok2","date":"2022-01-03","text":"Germany accused Russia of shelling the town."}',
]
w('nasty.jsonl', b'\n'.join(recs) + b'\r\n')

# ---- plain text the coder must survive
w('junk.txt', bytes(range(256)) * 8 + b'Russia accused Ukraine.' + b'\x00' * 100)
w('longword.txt', b'Russia ' + b'x' * 200000 + b' accused Ukraine.')
w('punct.txt', b'"' * 3000 + b"''" * 2000 + b'(((((' * 1000 + b'...!?;:' * 2000)
w('quotes.txt', b'"Russia said: "Ukraine attacked, \xe2\x80\x9chim\xe2\x80\x9d.' * 400)
w('caps.txt', b' '.join([b'PRESIDENT OF THE UNITED STATES AND THE PRIME MINISTER'] * 500))
w('sentences.txt', b'. '.join([b'He'] * 30000))
# the coder's list, clause and pronoun rules on one sentence stacked hundreds deep
# (compounds, coreference that rebuilds the mention array, commas as list marks)
acts = [b'France', b'Russia', b'the police', b'Germany', b'soldiers', b'Egypt']
w('actors.txt', b' '.join(acts[i % 6] for i in range(500)) + b' attacked Israel.')
w('ands.txt', b'Germany met ' + b' and '.join(acts[i % 6] for i in range(501)) + b'.')
w('pronouns.txt', b'France accused Russia. ' +
  b' '.join([b'he', b'she', b'they', b'it', b'them', b'its'][i % 6] + b' said' for i in range(300)) + b' Egypt attacked.')
w('commas.txt', b', '.join(acts[i % 6] for i in range(1001)) + b' attacked Israel.')
w('and.txt', b'Russia ' + b'and Ukraine ' * 5000 + b'accused Germany ' + b'and France ' * 5000 + b'.')
w('dates.txt', b' '.join(b'On %d March %d, on Monday, %d/%d/%d, yesterday, last week, Russia attacked Ukraine.'
                         % (d, y, d, d, y) for d, y in [(0, 0), (31, 99999), (99, 1), (29, 2023), (1, -5)]))

# ---- HTML
w('deep.html', b'<html><body>' + b'<div>' * 20000 + b'<p>Russia accused Ukraine of shelling the town, the ministry said on Sunday.</p>' + b'</div>' * 20000)
w('tags.html', b'<html lang="edaten"><head><meta charset="x-nonsense"><meta http-equiv="Content-Type" '
  b'content="text/html; charset="><title>' + b'\xff' * 50 + b'</title><meta property="article:published_time" '
  b'content="2022-13-45T99:99"><meta name="date" content="99999-01-01"><link rel="canonical" '
  b'href="javascript:alert(1)"></head><body><script>' + b'<p>' * 1000 + b'</script><!-- unterminated <p>Russia accused Ukraine.</p>')
w('utf16.html', '<html><head><meta charset="utf-16"></head><body><p>Russia accused Ukraine of shelling the town.</p></body></html>'.encode('utf-16-le')[:-1])
w('sjis.html', b'<html><head><meta charset="shift_jis"></head><body><p>' + b'\x82\xa0\x82' * 200 + b'\x81</p></body></html>')
w('attrs.html', b'<html><body><p ' + b'a=' * 30000 + b'>x</p><time datetime="' + b'9' * 5000 + b'"></time><p>'
  + b'&#x110000;&#0;&#xD800;&amp' * 500 + b'</p></body></html>')
w('empty.html', b'<html></html>')
w('binary.html', b'<html>' + bytes(range(256)) * 20)
w('gz.html.gz', gzip.compress(b'<html><body><p>Russia accused Ukraine of shelling the town, the ministry '
                              b'said on Sunday in a long statement.</p></body></html>')[:-9])


# ---- WARC
def rec(headers, body):
    headers = [(b'Content-Type', b'application/http; msgtype=response')] + headers
    h = b'WARC/1.0\r\n' + b''.join(k + b': ' + v + b'\r\n' for k, v in headers) + b'\r\n'
    return h + body + b'\r\n\r\n'


http = (b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Russia accused Ukraine of '
        b'shelling the town, officials said.</p></body></html>')
chunked = (b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n'
           b'ffffffffffffffff\r\n<p>x</p>\r\n0\r\n\r\n')
gzbody = (b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n'
          + gzip.compress(b'<p>' * 100)[:30])
recs = [
    rec([(b'WARC-Type', b'response'), (b'WARC-Target-URI', b'http://a/'), (b'Content-Length', b'%d' % len(http))], http),
    rec([(b'WARC-Type', b'response'), (b'Content-Length', b'-5')], b'abc'),
    rec([(b'WARC-Type', b'response'), (b'Content-Length', b'99999999999999999999999')], b'abc'),
    rec([(b'WARC-Type', b'response'), (b'Content-Length', b'%d' % len(chunked))], chunked),
    rec([(b'WARC-Type', b'response'), (b'Content-Length', b'%d' % len(gzbody))], gzbody),
    rec([(b'WARC-Type', b'response'), (b'WARC-Target-URI', b'x' * 70000), (b'Content-Length', b'2')], b'HT'),
    b'WARC/1.0\r\nWARC-Type: response\r\nX: ' + b'y' * 100000 + b'\r\n',
    b'WARC/1.0\r\nContent-Length: 5\r\n\r\n',   # the input ends inside the block
    rec([(b'WARC-Type', b'response'), (b'Content-Length', b'%d' % len(http))], http),
]
recs = recs[:-2] + [recs[-1], recs[-2]]
plain = b''.join(recs)
w('nasty.warc', plain)
members = b''.join(gzip.compress(r, mtime=0) for r in recs)
w('nasty.warc.gz', members[:len(members) // 2] + b'\x1f\x8b\x08\x00garbage' + members[len(members) // 2:])
w('truncated.warc.gz', gzip.compress(plain, mtime=0)[:300])

# ---- dictionary files: one of each kind, each line broken in a different way
os.makedirs(os.path.join(out, 'dict'), exist_ok=True)
w('dict/nasty.actors',
  b'RUSSIA_ [RUS]\n'
  b'UKRAINE [UKR\n'
  b'[RUS]\n'
  b'GONDOR_ [GON] [GONGOV >2022-13-45] [GONMIL 1990-01-01-2000-01-01]\n'
  b'+PRINCE_ [GONELI]\n'
  b'ARNOR \xff\xfe [ARN]\n'
  + b'LONG_' * 20000 + b' [LNG]\n'
  b'{ UNBALANCED [X]\n'
  b'<!-- never closed\n'
  b'MORDOR [' + b'M' * 100 + b']\n'
  b'   \t  \n'
  b'ROHAN [ROH]')
w('dict/nasty.verbs',
  b'--- ACCUSE [112] ---\n'
  b'ACCUSE\n'
  b'- * OF [112] \n'
  b'- $ * + [\n'
  b'- {{{ [1121]\n'
  b'- * ( ( ( [113]\n'
  b'--- BROKEN [abc] ---\n'
  b'- * [999999999999]\n'
  b'--- [] ---\n'
  b'&SYNSET\n+\n'
  b'- ' + b'* ' * 5000 + b'[0]\n'
  b'- @@@ &NOSUCH [042]\n'
  b'~~FINISH\n')
w('dict/nasty.agents',
  b'!minist! [~GOV]\n'
  b'POLICE [~COP\n'
  b'[~MIL]\n'
  b'SOLDIER_ {SOLDIERS | TROOPS [~MIL]\n'
  b'REBEL [~REB~REB~REB~REB~REB~REB~REB~REB~REB~REB~REB~REB]\n'
  b'\x00\x01binary\n')
