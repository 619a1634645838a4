// Settings (admin tokens only; the nav hides it from others and the server refuses
// them anyway): sites and their script tag, API tokens, alert channels, rules and
// silences, synthetic checks. Each section is its own file beside this one.
import './settings.css';
import { useCtx } from '../context';
import { ChannelsSettings } from './settings-channels';
import { ChecksSettings } from './settings-checks';
import { RulesSettings, SilencesSettings } from './settings-rules';
import { SitesSettings } from './settings-sites';
import { TokensSettings } from './settings-tokens';

export function SettingsView() {
  const ctx = useCtx();
  if (!ctx.session.isAdmin.value)
    return (
      <p class="state" role="alert" data-testid="settings-refused">
        Settings need an admin token. This token ({ctx.session.me.value?.role}) can read the dashboards only.
      </p>
    );
  return (
    <div class="settings">
      <SitesSettings />
      <TokensSettings />
      <ChannelsSettings />
      <RulesSettings />
      <SilencesSettings />
      <ChecksSettings />
    </div>
  );
}
