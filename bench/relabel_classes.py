#!/usr/bin/env python3
"""Relabels a table from `genrelab-cli synth` into 114 classes, for the judging benchmark of
docs/BENCHMARKS.md: each of the 11 genres splits by energy decile (and a little by artist), so
the classes stay learnable from the features.

    genrelab-cli synth --rows 114000 --seed 1 --out s114k.csv
    python3 bench/relabel_classes.py s114k.csv c114.csv
"""
import csv
import sys


def main(source, target):
    with open(source, newline='') as f, open(target, 'w', newline='') as g:
        rows = csv.reader(f)
        out = csv.writer(g, lineterminator='\n')
        header = next(rows)
        out.writerow(header)
        label, energy = header.index('Class'), header.index('energy')
        for row in rows:
            e = float(row[energy]) if row[energy] else 0.5
            row[label] = str((int(row[label]) * 11 + min(9, int(e * 10)) * 7 + len(row[0]) % 3) % 114)
            out.writerow(row)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
