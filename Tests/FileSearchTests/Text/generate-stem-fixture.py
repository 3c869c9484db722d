#!/usr/bin/env python3
"""Generates porter2-fixture.tsv: (word, stem) pairs from the Snowball 3.1.1 oracle.

    pip install snowballstemmer==3.1.1
    python3 Tests/FileSearchTests/Text/generate-stem-fixture.py /work/shared/corpus > Tests/FileSearchTests/Text/porter2-fixture.tsv

Words: the real corpus vocabulary (tags stripped crudely, lower-case ASCII letters with inner
apostrophes), every word seen at least twice, sampled deterministically to about 5,000, plus
hand-picked classic cases (exceptions, special prefixes, -ing/-ed cases, y handling).
"""
import os, re, sys, random, collections
import snowballstemmer

root = sys.argv[1]
counts = collections.Counter()
for dirpath, _, files in os.walk(root):
    for f in sorted(files):
        if f == 'MANIFEST.tsv':
            continue
        data = open(os.path.join(dirpath, f), 'rb').read().decode('utf-8', 'replace')
        data = re.sub(r'<[^>]*>', ' ', data).replace('\u2019', "'")
        for w in re.findall(r"[A-Za-z]+(?:'[A-Za-z]+)*", data):
            counts[w.lower()] += 1

vocab = sorted(w for w, c in counts.items() if c >= 2 and 3 <= len(w) <= 24)
random.seed(20241121)
sample = set(random.sample(vocab, min(5000, len(vocab))))
classic = """consign consigned consigning consignment consist consisted consistency consistent consistently
consisting consists consolation consolations consolatory console consoled consoles consolidate consolidated
consolidating consoling consolingly consols consonant consort consorted consorting conspicuous conspicuously
conspiracy conspirator conspirators conspire conspired conspiring constable constables constance constancy
constant knack knackeries knacks knag knave knaves knavish kneaded kneading knee kneel kneeled kneeling kneels
knees knell knelt knew knick knif knife knight knightly knights knit knits knitted knitting knives knob knobs
knock knocked knocker knockers knocking knocks knopp knot knots
generate generates generated generating general generally generic generically generous generously
communication communications community communism arsenal arsenic past pasta pasts universe university
universal universally later lateral emerge emergency organ organization organizations organic inter
internal international intern skis skies sky idly gently ugly early only singly news howe atlas cosmos bias
andes dying lying tying vying inning innings outing outings canning herring herrings earring earrings
proceed proceeds proceeding exceed exceeded succeed succeeded evening evenings cry cries cried by say says
said gas gaps kiwis ties tie hopping hoped hoping filing filed files warrant warrants warranted warranty
warranties company company's companies companies' shareholders shareholder's ogist geologist
geology ecology apology apologies luxuriating luxuriated added egged odd ebbed erred abilities capability
fully helpfulness hopefulness carefully controllable rationalization rational national nationally
traditionally electrically electricity happiness hopefully beautifully agreed feed bleed bled owed
yes yield yielding youth'""".split()
for w in classic:
    sample.add(w.strip())

stemmer = snowballstemmer.stemmer('english')
print("# word\tstem — Snowball english " + snowballstemmer.__dict__.get('__version__', '3.1.1'))
for w in sorted(sample):
    print(f"{w}\t{stemmer.stemWord(w)}")
