<#ftl output_format="plainText">
<#import "totp-guard-mail.ftl" as mail>
<#if totpGuard.variant == "locked">${msg("totpGuardMailLocked")}<#else>${msg("totpGuardMailWaiting")}</#if>

<@mail.details/>

${msg("totpGuardMailNotYouLockout")}

<@mail.footer/>
