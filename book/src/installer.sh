#!/bin/sh
# Installe kubecours, le vérificateur du cours Kubernetes, sans droits root.
#
#   curl -fsSL https://kubecours.kub.sspcloud.fr/installer.sh | sh
#
# Télécharge le binaire statique pour Linux de la version épinglée ci-dessous,
# vérifie sa somme SHA-256 (fichier SHA256SUMS de la version) et l'installe
# dans ~/.local/bin. Rien n'est installé si une étape échoue.
#
# Variables (facultatives) :
#   KUBECOURS_VERSION   version à installer (par défaut : celle épinglée ici)
#   KUBECOURS_RELEASES  adresse des versions publiées
#   KUBECOURS_BIN_DIR   dossier d'installation (par défaut : ~/.local/bin)
#   KUBECOURS_ARCH      architecture, à la place de `uname -m`
#
# Installs kubecours without root: downloads the pinned release's static Linux
# binary, checks its SHA-256 against SHA256SUMS, installs it into ~/.local/bin.
# Messages are in English when LANG (or LC_ALL, LC_MESSAGES, LANGUAGE) starts
# with `en`.
set -eu

PINNED_VERSION="v0.2.0"
VERSION="${KUBECOURS_VERSION:-$PINNED_VERSION}"
RELEASES="${KUBECOURS_RELEASES:-https://github.com/kubecours/kubecours/releases/download}"
BIN_DIR="${KUBECOURS_BIN_DIR:-${HOME:?}/.local/bin}"

# The language, as kubecours itself picks it: the first non-empty variable.
EN=0
for lang in "${LANGUAGE:-}" "${LC_ALL:-}" "${LC_MESSAGES:-}" "${LANG:-}"; do
  if [ -n "$lang" ]; then
    case "$lang" in en*) EN=1 ;; esac
    break
  fi
done

# say FRENCH ENGLISH: prints the message in the user's language.
say() {
  if [ "$EN" = 1 ]; then printf '%s\n' "$2"; else printf '%s\n' "$1"; fi
}

# fail FRENCH ENGLISH: prints the error on stderr and stops (nothing installed).
fail() {
  if [ "$EN" = 1 ]; then
    printf 'kubecours installer: error: %s\n' "$2" >&2
    printf 'Nothing was installed.\n' >&2
  else
    printf 'installation de kubecours : erreur : %s\n' "$1" >&2
    printf "Rien n'a été installé.\n" >&2
  fi
  exit 1
}

os="$(uname -s)"
if [ "$os" != "Linux" ]; then
  fail "système « $os » non pris en charge : les binaires publiés sont pour Linux. Sur cette machine, installez Rust (https://rustup.rs) puis lancez : cargo install kubecours" \
    "unsupported system \"$os\": the published binaries are for Linux. On this machine, install Rust (https://rustup.rs) then run: cargo install kubecours"
fi

arch="${KUBECOURS_ARCH:-$(uname -m)}"
case "$arch" in
  x86_64 | amd64) target="x86_64-unknown-linux-musl" ;;
  aarch64 | arm64) target="aarch64-unknown-linux-musl" ;;
  *)
    fail "architecture « $arch » non prise en charge : kubecours publie des binaires pour x86_64 (amd64) et aarch64 (arm64). Sur cette machine, installez Rust (https://rustup.rs) puis lancez : cargo install kubecours" \
      "unsupported architecture \"$arch\": kubecours publishes binaries for x86_64 (amd64) and aarch64 (arm64). On this machine, install Rust (https://rustup.rs) then run: cargo install kubecours"
    ;;
esac

if command -v curl >/dev/null 2>&1; then
  downloader="curl"
elif command -v wget >/dev/null 2>&1; then
  downloader="wget"
else
  fail "ni curl ni wget n'est installé : il en faut un pour télécharger kubecours" \
    "neither curl nor wget is installed: one of them is needed to download kubecours"
fi

# download URL FILE
download() {
  if [ "$downloader" = "curl" ]; then
    curl -fsSL --retry 2 -o "$2" "$1"
  else
    wget -q -O "$2" "$1"
  fi
}

if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum "$1" | cut -d ' ' -f 1; }
elif command -v shasum >/dev/null 2>&1; then
  sha256() { shasum -a 256 "$1" | cut -d ' ' -f 1; }
else
  fail "ni sha256sum ni shasum n'est installé : impossible de vérifier le binaire téléchargé" \
    "neither sha256sum nor shasum is installed: the downloaded binary cannot be checked"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/kubecours-installer.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

archive="kubecours-$target.tar.gz"
base="$RELEASES/$VERSION"
say "Téléchargement de kubecours $VERSION pour $target…" \
  "Downloading kubecours $VERSION for $target…"
for file in "$archive" SHA256SUMS; do
  if ! download "$base/$file" "$tmp/$file"; then
    fail "impossible de télécharger $base/$file (avec $downloader) : vérifiez la connexion et que la version $VERSION existe" \
      "cannot download $base/$file (with $downloader): check the connection and that version $VERSION exists"
  fi
done

expected="$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1; exit }' "$tmp/SHA256SUMS")"
if [ -z "$expected" ]; then
  fail "SHA256SUMS de la version $VERSION ne donne pas de somme pour $archive" \
    "the SHA256SUMS of version $VERSION has no checksum for $archive"
fi
actual="$(sha256 "$tmp/$archive")"
if [ "$actual" != "$expected" ]; then
  fail "la somme SHA-256 de $archive ne correspond pas (attendue : $expected, obtenue : $actual) : le fichier est abîmé ou a été modifié" \
    "the SHA-256 checksum of $archive does not match (expected: $expected, got: $actual): the file is damaged or was tampered with"
fi
say "Somme SHA-256 vérifiée : $actual" "SHA-256 checksum verified: $actual"

mkdir "$tmp/x"
if ! tar -xzf "$tmp/$archive" -C "$tmp/x" || [ ! -f "$tmp/x/kubecours" ]; then
  fail "l'archive $archive ne contient pas le programme kubecours" \
    "the archive $archive does not contain the kubecours program"
fi
chmod 755 "$tmp/x/kubecours"
if ! installed_version="$("$tmp/x/kubecours" --version 2>/dev/null)"; then
  fail "le programme téléchargé ne se lance pas sur cette machine ($arch)" \
    "the downloaded program does not run on this machine ($arch)"
fi

if ! mkdir -p "$BIN_DIR" 2>/dev/null || ! cp "$tmp/x/kubecours" "$BIN_DIR/.kubecours.$$" 2>/dev/null; then
  rm -f "$BIN_DIR/.kubecours.$$"
  fail "impossible d'écrire dans $BIN_DIR : choisissez un autre dossier avec KUBECOURS_BIN_DIR=DOSSIER" \
    "cannot write into $BIN_DIR: choose another folder with KUBECOURS_BIN_DIR=FOLDER"
fi
mv -f "$BIN_DIR/.kubecours.$$" "$BIN_DIR/kubecours"

say "✓ $installed_version installé dans $BIN_DIR/kubecours" \
  "✓ $installed_version installed into $BIN_DIR/kubecours"
case ":${PATH:-}:" in
  *":$BIN_DIR:"* | *":$BIN_DIR/:"*)
    found="$(command -v kubecours 2>/dev/null || true)"
    if [ -n "$found" ] && [ "$found" != "$BIN_DIR/kubecours" ]; then
      say "Attention : la commande kubecours désigne d'abord $found, placé avant $BIN_DIR dans votre PATH." \
        "Warning: the kubecours command finds $found first, which comes before $BIN_DIR in your PATH."
    else
      say "$BIN_DIR est dans votre PATH : lancez « kubecours init » pour commencer." \
        "$BIN_DIR is on your PATH: run \"kubecours init\" to start."
    fi
    ;;
  *)
    say "$BIN_DIR n'est pas dans votre PATH. Ajoutez-le (et gardez-le pour les prochains terminaux) :" \
      "$BIN_DIR is not on your PATH. Add it (and keep it for the next terminals):"
    say "  export PATH=\"$BIN_DIR:\$PATH\"" "  export PATH=\"$BIN_DIR:\$PATH\""
    say "  echo 'export PATH=\"$BIN_DIR:\$PATH\"' >> ~/.bashrc" "  echo 'export PATH=\"$BIN_DIR:\$PATH\"' >> ~/.bashrc"
    say "puis lancez « kubecours init » pour commencer." "then run \"kubecours init\" to start."
    ;;
esac
