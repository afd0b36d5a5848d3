<#ftl output_format="plainText">
<#import "totp-guard-mail.ftl" as mail>
${msg("totpGuardMailRecoveryCodeUsed")}<#if totpGuard.variant?has_content> ${msg("totpGuardMailRecoveryCodesLeft", totpGuard.variant)}</#if>

<@mail.details/>

${msg("totpGuardMailNotYouRecoveryCode")}

<@mail.footer/>
