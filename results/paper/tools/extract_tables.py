#!/usr/bin/python3
"""One-off transcription of the paper's Tables IV-XXII into tidy CSVs (run once; output committed).

Reads ../shared/paper/paper-readable.txt (the text copy of the paper), finds each table by its caption
and copies every printed cell verbatim into `printed`; `value` is the same number with thousands
separators removed (empty where the paper prints "-"). Nothing is computed or rounded. The project does
not need this script at run time; it documents how the CSVs were made. Usage (from the repo root):
    /usr/bin/python3 results/paper/tools/extract_tables.py ../shared/paper/paper-readable.txt results/paper
"""
import csv
import re
import sys

NUM = re.compile(r'^(-|\d{1,3}(,\d{3})+|\d+(\.\d+)?)$')
COLS = ['table', 'model', 'variant', 'dataset', 'target_dataset', 'pattern', 'alignment', 'distribution',
        'modalities', 'rate', 'statistic', 'metric', 'printed', 'value']
M3 = ['Acc2', 'F1', 'Acc7']
RATES_LO = ['0.1', '0.2', '0.3', '0.4', '0.5']
RATES_HI = ['0.6', '0.7', '0.8', '0.9', '1.0']


def group(dataset, pattern, alignment, distribution, statistic, target='', modalities='', rate='', metrics=M3):
    return [dict(dataset=dataset, target_dataset=target, pattern=pattern, alignment=alignment,
                 distribution=distribution, statistic=statistic, modalities=modalities, rate=rate, metric=m)
            for m in metrics]


def flat(*groups):
    return [c for g in groups for c in g]


def split(line):
    toks = line.split()
    i = len(toks)
    while i > 0 and NUM.match(toks[i - 1]):
        i -= 1
    return ' '.join(toks[:i]), toks[i:]


def model_name(label):
    label = re.sub(r'\s*\[\d+\]', '', label).replace('(Ours)', '').strip()
    return label


# table -> (column spec, or for rate tables (dataset, target, pattern, alignment, distribution))
MAIN = {
    'IV': flat(group('MOSI', 'RMFM', 'UA', 'IID', 'auilc'), group('MOSEI', 'RMFM', 'UA', 'IID', 'auilc'),
               group('MOSI', 'none', 'UA', 'OOD', 'complete'), group('MOSEI', 'none', 'UA', 'OOD', 'complete'),
               group('MOSI', 'RMFM', 'UA', 'OOD', 'auilc'), group('MOSEI', 'RMFM', 'UA', 'OOD', 'auilc')),
    'V': group('MOSI', 'RMFM', 'UA', 'OOD', 'auilc'),
    'VI': group('MOSI', 'none', 'UA', 'IID', 'complexity',
                metrics=['parameters_excl_bert', 'gpu_memory_gib', 'training_time_s_per_epoch']),
    'VII': flat(group('MOSI', 'RMFM', 'A', 'IID', 'auilc', target='MOSEI'),
                group('MOSEI', 'RMFM', 'A', 'IID', 'auilc', target='MOSI')),
    'VIII': flat(group('MOSI', 'Traditional RMFM', 'UA', 'IID', 'auilc'), group('MOSI', 'RMM', 'UA', 'IID', 'auilc'),
                 group('MOSI', 'TMFM', 'A', 'IID', 'auilc'), group('MOSI', 'STMFM', 'A', 'IID', 'auilc')),
    'IX': flat(*[group('MOSI', 'SMM', 'UA', 'IID', 'smm', modalities=m) for m in ['L', 'A', 'V', 'LA', 'LV', 'AV']]),
    'X': flat(group('MOSI', 'none', 'UA', 'IID', 'complete'), group('MOSEI', 'none', 'UA', 'IID', 'complete')),
    'XI': flat(group('MOSI', 'none', 'A', 'IID', 'complete'), group('MOSEI', 'none', 'A', 'IID', 'complete')),
    'XII': flat(group('MOSI', 'none', 'A', 'IID', 'complete', target='MOSEI'),
                group('MOSEI', 'none', 'A', 'IID', 'complete', target='MOSI')),
}
RATE = {
    'XIII': ('MOSI', '', 'RMFM', 'UA', 'IID'), 'XIV': ('MOSEI', '', 'RMFM', 'UA', 'IID'),
    'XV': ('MOSI', '', 'Traditional RMFM', 'UA', 'IID'), 'XVI': ('MOSI', '', 'RMM', 'UA', 'IID'),
    'XVII': ('MOSI', '', 'RMFM', 'UA', 'OOD'), 'XVIII': ('MOSEI', '', 'RMFM', 'UA', 'OOD'),
    'XIX': ('MOSI', 'MOSEI', 'RMFM', 'A', 'IID'), 'XX': ('MOSEI', 'MOSI', 'RMFM', 'A', 'IID'),
    'XXI': ('MOSI', '', 'TMFM', 'A', 'IID'), 'XXII': ('MOSI', '', 'STMFM', 'A', 'IID'),
}
# sub-row labels that qualify the row above (MPLMM trained per missing type in Tables X / XI; Table V groups)
SUBROWS = {'Traditional RMFM', 'RMM', 'TMFM', 'STMFM'}
ABLATION_GROUP = {'w/o MSSD': 'w/o MSSD', 'w/o MACI': 'w/o MACI'}


def table_lines(lines, name):
    start = None
    for i, l in enumerate(lines):
        if l.startswith('TABLE ' + name + ':'):
            start = i
            break
    if start is None:
        raise SystemExit('table %s not found' % name)
    out = []
    for l in lines[start + 1:]:
        if l.startswith('TABLE ') or not l.strip():
            break
        out.append(l.rstrip('\n'))
    return out


def main(src, outdir):
    lines = open(src, encoding='utf-8').read().split('\n')
    for name in list(MAIN) + list(RATE):
        rows = []
        body = table_lines(lines, name)
        current_model = None
        ablation_group = None
        rates = None
        for l in body:
            label, nums = split(l)
            if len(nums) < 3:
                continue  # header line
            if label in ('', 'Models'):
                rates = nums  # rate header line of a per-rate table
                continue
            variant = ''
            if name == 'V':
                m = re.match(r'^(w/o MSSD|w/o MACI)\s+(.*)$', label)
                if m:
                    ablation_group = m.group(1)
                    label = m.group(2)
                if label == 'CIDer':
                    model, variant = 'CIDer', 'full'
                elif label in ('w/o WSAM', 'w/o MCT'):
                    model, variant = 'CIDer', label
                else:
                    model, variant = 'CIDer', ablation_group + ': ' + label.replace('recon', 'L_recon') \
                        .replace('attn', 'L_attn').replace('joint', 'L_joint')
            elif label in SUBROWS:
                model, variant = current_model, label
            else:
                m = re.match(r'^(.*\[\d+\])\s+(RMFM)$', label)
                if m:
                    model, variant = model_name(m.group(1)), m.group(2)
                else:
                    model = model_name(label)
                current_model = model
            if name in MAIN:
                spec = MAIN[name]
            else:
                ds, tgt, pat, al, dist = RATE[name]
                if rates is None:
                    rates = RATES_LO
                spec = flat(*[group(ds, pat, al, dist, 'at_rate', target=tgt, rate=r) for r in rates])
            if len(nums) != len(spec):
                raise SystemExit('table %s row %r: %d cells, expected %d' % (name, l, len(nums), len(spec)))
            for cell, col in zip(nums, spec):
                value = '' if cell == '-' else cell.replace(',', '')
                rows.append(dict(col, table=name, model=model, variant=variant, printed=cell, value=value))
        with open('%s/table_%s.csv' % (outdir, name), 'w', newline='', encoding='utf-8') as f:
            w = csv.DictWriter(f, fieldnames=COLS, lineterminator='\n')
            w.writeheader()
            w.writerows(rows)
        print(name, len(rows))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
