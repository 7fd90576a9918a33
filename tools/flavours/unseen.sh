#!/usr/bin/env bash
# Builds a held-out PDF corpus from Debian documentation packages that neither
# ../shared/flavours nor the issues' acceptance lists use, for `collate bench --format pdf`.
# It is never fitted on: it is a check, like the "16 PDFs you do not see" of issue 14.
# Usage: tools/flavours/unseen.sh OUT_DIR   (needs apt-get download, dpkg-deb and qpdf)
# Each PDF becomes OUT_DIR/<id>/doc.pdf; PDFs of more than 60 pages are cut to pages 1-40
# with qpdf, as ../shared/flavours was made (see its README).
set -euo pipefail
out=${1:?usage: unseen.sh OUT_DIR}
packages="ghostscript-doc glpk-doc pari-doc texlive-metapost-doc texlive-latex-recommended-doc"
# id  path inside the packages
pdfs="
gs-colour        usr/share/doc/ghostscript/GS9_Color_Management.pdf
glpk-gmpl        usr/share/doc/glpk-doc/gmpl.pdf
glpk-graphs      usr/share/doc/glpk-doc/graphs.pdf
glpk-glpk        usr/share/doc/glpk-doc/glpk.pdf
pari-tutorial    usr/share/pari/doc/tutorial.pdf
pari-develop     usr/share/pari/doc/develop.pdf
pari-parallel    usr/share/pari/doc/parallel.pdf
pari-tutorial-mf usr/share/pari/doc/tutorial-mf.pdf
mp-mpman         usr/share/doc/texlive-doc/metapost/base/mpman.pdf
mp-mplibapi      usr/share/doc/texlive-doc/metapost/base/mplibapi.pdf
mp-drv-guide     usr/share/doc/texlive-doc/metapost/drv/drv-guide.pdf
mp-featpost      usr/share/doc/texlive-doc/metapost/featpost/doc/featpostmanual.pdf
mp-gut2001       usr/share/doc/texlive-doc/metapost/mp3d/gut2001.pdf
mp-mcf-manual    usr/share/doc/texlive-doc/metapost/mcf2graph/mcf_manual.pdf
mp-sshowintro    usr/share/doc/texlive-doc/metapost/slideshow/sshowintro.pdf
tl-booktabs      usr/share/doc/texlive-doc/latex/booktabs/booktabs.pdf
tl-etoolbox      usr/share/doc/texlive-doc/latex/etoolbox/etoolbox.pdf
tl-microtype     usr/share/doc/texlive-doc/latex/microtype/microtype.pdf
tl-mathtools     usr/share/doc/texlive-doc/latex/mathtools/mathtools.pdf
tl-latexbug      usr/share/doc/texlive-doc/latex/latexbug/latexbug.pdf
tl-fancyvrb      usr/share/doc/texlive-doc/latex/fancyvrb/fancyvrb-doc.pdf
tl-caption       usr/share/doc/texlive-doc/latex/caption/caption.pdf
tl-listings      usr/share/doc/texlive-doc/latex/listings/listings.pdf
tl-lineno        usr/share/doc/texlive-doc/latex/lineno/lineno.pdf
tl-mathspec      usr/share/doc/texlive-doc/xelatex/mathspec/mathspec.pdf
tl-mfpguide      usr/share/doc/texlive-doc/generic/mfpic/mfpguide.pdf
"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download $packages >/dev/null 2>&1) || { echo "apt-get download failed" >&2; exit 1; }
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
mkdir -p "$out"
echo "$pdfs" | while read -r id path; do
  [ -n "$id" ] || continue
  src="$work/root/$path"
  [ -f "$src" ] || { echo "missing $path" >&2; continue; }
  mkdir -p "$out/$id"
  n=$(qpdf --show-npages "$src")
  if [ "$n" -gt 60 ]; then
    qpdf "$src" --pages . 1-40 -- "$out/$id/doc.pdf"
  else
    cp "$src" "$out/$id/doc.pdf"
  fi
  echo "$id $n pages"
done
