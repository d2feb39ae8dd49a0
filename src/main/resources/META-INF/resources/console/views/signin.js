// Sign-in: the user pastes a bearer token (kept in sessionStorage for this tab only, never in a URL). Where the
// service offers dev tokens (dev mode only), each is one click.
import { h, replace } from '../ui.js';

export function signInView(onToken) {
  const input = h('input', {
    id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'token-help',
  });
  const form = h('form', {
    class: 'card signin', 'data-test': 'sign-in',
    onsubmit(e) { e.preventDefault(); if (input.value.trim()) onToken(input.value.trim()); },
  },
  h('h1', {}, 'Sign in'),
  h('label', { for: 'token' }, 'Bearer token'),
  input,
  h('p', { id: 'token-help', class: 'help' },
    'A JWT from your identity provider or a static token. It stays in this browser tab only and is sent only to '
    + 'this service.'),
  h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  const offers = h('div', { class: 'dev-tokens' });
  form.append(offers);
  fetch('sign-in-options.json', { cache: 'no-store' }).then((a) => (a.ok ? a.json() : { devTokens: [] }))
    .then(({ devTokens }) => {
      if (!devTokens || !devTokens.length) return;
      replace(offers, h('p', { class: 'help' }, 'Dev mode: sign in with a documented dev token.'),
        devTokens.map((t) => h('button', {
          type: 'button', class: 'secondary', onclick: () => onToken(t.token),
        }, `${t.name} (${t.organization}, ${t.role})`)));
    }).catch(() => {});
  setTimeout(() => input.focus(), 0);
  return { node: form, focus: false };
}
