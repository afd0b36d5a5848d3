<#import "template.ftl" as layout>
<#import "totp-guard-mail.ftl" as mail>
<@layout.emailLayout>
<p><#if totpGuard.byAdmin>${msg("totpGuardMailDeviceRemovedByAdmin")}<#else>${msg("totpGuardMailDeviceRemoved")}</#if></p>
<@mail.details/>
<p><strong>${msg("totpGuardMailNotYouRemoved")}</strong></p>
<@mail.footer/>
</@layout.emailLayout>
