<#import "template.ftl" as layout>
<#import "totp-guard-mail.ftl" as mail>
<@layout.emailLayout>
<p><#if totpGuard.variant == "locked">${msg("totpGuardMailLocked")}<#else>${msg("totpGuardMailWaiting")}</#if></p>
<@mail.details/>
<p><strong>${msg("totpGuardMailNotYouLockout")}</strong></p>
<@mail.footer/>
</@layout.emailLayout>
