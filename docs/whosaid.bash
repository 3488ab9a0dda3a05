# bash completion for whosaid                               -*- shell-script -*-
# Installed as share/bash-completion/completions/whosaid; or: source it.
# Its option lists follow the commands' --help (tests/doc/check_doc.py
# checks that every option of each command is offered).

_whosaid_data_options='-g --gazetteers --no-bundled-gazetteers --lexicon --no-bundled-lexicon'
_whosaid_input_options='-i --input-format --include --exclude --input-encoding --max-doc-size'
_whosaid_csv_options='--excel --csv-raw'

_whosaid()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local cmd=${COMP_WORDS[1]} sub=${COMP_WORDS[2]} opts=''
    COMPREPLY=()

    # A value after an option that takes one.
    case $prev in
    -f | --format)
        case $cmd in
        extract) opts='jsonl json csv html explain' ;;
        db) opts='csv jsonl' ;;
        *) opts='table csv json html' ;;
        esac
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
        ;;
    --fields)
        # a list: the names after the last comma
        local done=${cur%"${cur##*,}"}
        COMPREPLY=($(compgen -P "$done" -W 'entities mentions quotes' -- "${cur##*,}"))
        return
        ;;
    -i | --input-format)
        COMPREPLY=($(compgen -W 'auto text jsonl' -- "$cur"))
        return
        ;;
    --input-encoding)
        COMPREPLY=($(compgen -W 'utf-8 latin1 windows-1252' -- "$cur"))
        return
        ;;
    -g | --gazetteers | --lexicon)
        COMPREPLY=($(compgen -d -- "$cur"))
        return
        ;;
    -o | --out)
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --speaker | --about | --since | --until | -n | --limit | --max-doc-size | --max-quote-size | \
        -j | --jobs | --batch | --include | --exclude)
        return
        ;;
    esac

    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W 'extract db search who-said gazetteer --help --version' -- "$cur"))
        return
    fi
    case $cmd in
    extract)
        opts="-f --format --fields -o --out $_whosaid_input_options $_whosaid_data_options --max-quote-size
              --strict --explain --indirect -j --jobs $_whosaid_csv_options -q --quiet -h --help"
        ;;
    db)
        if [ "$COMP_CWORD" -eq 2 ]; then
            COMPREPLY=($(compgen -W 'add stats export --help' -- "$cur"))
            return
        fi
        case $sub in
        add) opts="$_whosaid_input_options $_whosaid_data_options --batch -q --quiet -h --help" ;;
        export) opts="-f --format -o --out $_whosaid_csv_options -h --help" ;;
        stats) opts='-h --help' ;;
        esac
        ;;
    search)
        opts="--speaker --about --since --until -n --limit -f --format $_whosaid_csv_options
              $_whosaid_data_options -h --help"
        ;;
    who-said)
        opts="-n --limit -f --format --all $_whosaid_csv_options $_whosaid_data_options -h --help"
        ;;
    gazetteer)
        if [ "$COMP_CWORD" -eq 2 ]; then
            COMPREPLY=($(compgen -W 'aliases stats clashes --help' -- "$cur"))
            return
        fi
        opts="$_whosaid_data_options -h --help"
        ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
        # inputs and databases are files
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -F _whosaid whosaid
