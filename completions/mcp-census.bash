# bash completion for mcp-census; source it, or install it as
# $PREFIX/share/bash-completion/completions/mcp-census.

_mcp_census() {
  local cur prev command
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  command=${COMP_WORDS[1]}

  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "run validate diff audit merge import --help --version" -- "$cur"))
    return
  fi

  case $prev in
    --fail-on)
      COMPREPLY=($(compgen -W "never failure drift low medium high" -- "$cur"))
      return ;;
    --format)
      case $command in
        diff) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
        audit) COMPREPLY=($(compgen -W "text json sarif junit" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "json markdown junit sarif json,markdown" -- "$cur")) ;;
      esac
      return ;;
    --out)
      if [[ $command == import ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
      else
        COMPREPLY=($(compgen -d -- "$cur"))
      fi
      return ;;
    --baseline)
      COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -W previous -- "$cur"))
      return ;;
    --concurrency|--timeout|--retries|--only|--tag|--shard|--job)
      return ;;
  esac

  local options
  case $command in
    run) options="--out --format --concurrency --timeout --retries --only --tag
      --baseline --fail-on --shard --quiet --verbose --help" ;;
    merge) options="--out --format --baseline --fail-on --quiet --help" ;;
    import) options="--out --local --job --help" ;;
    diff) options="--format --help" ;;
    audit) options="--fail-on --format --help" ;;
    validate) options="--help" ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
    return
  fi
  case $command in
    run|validate) COMPREPLY=($(compgen -f -X '!*.y*ml' -- "$cur") $(compgen -d -- "$cur")) ;;
    diff|audit|merge) COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur")) ;;
    *) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
}

complete -o filenames -F _mcp_census mcp-census
